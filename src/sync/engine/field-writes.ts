import type { ContactDraft } from '../../contacts/model.ts';
import type { ProviderName } from '../../providers/provider.ts';
import type { SyncedFields } from '../synced-fields.ts';

/** A new CRM contact from a remote one: type = provider, status future (PRODUCT.md "What syncs"). */
export function draftFromRemote(fields: SyncedFields, provider: ProviderName): ContactDraft {
  return applySyncedFields(
    {
      firstName: null,
      middleName: null,
      lastName: null,
      company: null,
      jobTitle: null,
      birthday: null,
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
      notes: null,
      tags: [],
      type: provider,
      status: 'future',
    },
    fields,
  );
}

/**
 * Writes the synced fields into a CRM contact and leaves the rest alone: work and other addresses,
 * middle name, notes, tags, type and status are never touched by the sync.
 */
export function applySyncedFields(draft: ContactDraft, fields: SyncedFields): ContactDraft {
  const otherAddresses = draft.addresses.filter((a) => a.label !== 'home');
  return {
    ...draft,
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: fields.company,
    jobTitle: fields.jobTitle,
    birthday: fields.birthday,
    addresses: fields.homeAddress
      ? [{ label: 'home', ...fields.homeAddress }, ...otherAddresses]
      : otherAddresses,
    phones: fields.phones,
    emails: fields.emails,
    websites: fields.websites,
  };
}
