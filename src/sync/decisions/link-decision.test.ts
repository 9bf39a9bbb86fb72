import { describe, expect, it } from 'vitest';
import type { RemoteContact } from '../../providers/provider.ts';
import type { SyncedFields } from '../synced-fields.ts';
import {
  decideRemoteContact,
  type LinkLookup,
  type RemoteContactDecision,
  type RemoteContactLookups,
} from './link-decision.ts';

const CRM_ID = '5f1c2b9e-8d4a-4c1e-9b7a-2d3e4f5a6b7c';
const OTHER_CRM_ID = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';

const FIELDS: SyncedFields = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: null,
  jobTitle: null,
  birthday: null,
  homeAddress: null,
  phones: [],
  emails: [{ address: 'ada@example.com', label: 'home' }],
  websites: [],
};

function remote(overrides: Partial<RemoteContact> = {}): RemoteContact {
  return {
    remoteId: 'people/c1',
    previousRemoteIds: [],
    etag: 'etag-2',
    deleted: false,
    fields: FIELDS,
    crmContactId: null,
    updatedAt: null,
    ...overrides,
  };
}

const DELETED = remote({ deleted: true, fields: null });

function link(overrides: Partial<LinkLookup> = {}): LinkLookup {
  return { contactId: CRM_ID, remoteId: 'people/c1', remoteEtag: 'etag-1', state: 'linked', ...overrides };
}

const cases: [string, RemoteContactLookups, Omit<RemoteContactDecision, 'reason'>][] = [
  [
    'a linked contact changed on the remote is merged',
    { remote: remote(), linkByRemoteId: link(), limitReached: false },
    { action: 'merge-linked', contactId: CRM_ID },
  ],
  [
    'our own write coming back (same etag as stored) is ignored',
    { remote: remote({ etag: 'etag-1' }), linkByRemoteId: link(), limitReached: false },
    { action: 'ignore-own-write', contactId: CRM_ID },
  ],
  [
    'a linked contact is merged even when the limit is reached: it is already counted',
    { remote: remote(), linkByRemoteId: link(), limitReached: true },
    { action: 'merge-linked', contactId: CRM_ID },
  ],
  [
    'a remote deletion unlinks and keeps the CRM contact',
    { remote: DELETED, linkByRemoteId: link(), limitReached: false },
    { action: 'unlink-remote-deleted', contactId: CRM_ID },
  ],
  [
    'a remote deletion of a contact we never linked is ignored',
    { remote: DELETED, limitReached: false },
    { action: 'ignore-deleted-unknown' },
  ],
  [
    'a remote deletion of a tombstoned contact is ignored',
    { remote: DELETED, tombstone: { etagAtDelete: 'etag-1' }, limitReached: false },
    { action: 'ignore-deleted-unknown' },
  ],
  [
    'a create whose answer was lost is recognised by the CRM id it carries and relinked, not duplicated',
    {
      remote: remote({ crmContactId: CRM_ID }),
      linkByCrmId: link({ remoteId: null, remoteEtag: null, state: 'pending-create' }),
      limitReached: false,
    },
    { action: 'relink-by-crm-id', contactId: CRM_ID },
  ],
  [
    'the relink happens even at the limit: the pending create was already counted',
    {
      remote: remote({ crmContactId: CRM_ID }),
      linkByCrmId: link({ remoteId: null, remoteEtag: null, state: 'pending-create' }),
      limitReached: true,
    },
    { action: 'relink-by-crm-id', contactId: CRM_ID },
  ],
  [
    'a contact carrying our id under a previous resource name is relinked',
    {
      remote: remote({ remoteId: 'people/c9', previousRemoteIds: ['people/c1'], crmContactId: CRM_ID }),
      linkByCrmId: link(),
      limitReached: false,
    },
    { action: 'relink-by-crm-id', contactId: CRM_ID },
  ],
  [
    'a copy made on the remote carries our id but does not steal the original link: it is created',
    {
      remote: remote({ remoteId: 'people/c2', crmContactId: CRM_ID }),
      linkByCrmId: link({ remoteId: 'people/c1' }),
      limitReached: false,
    },
    { action: 'create-in-crm' },
  ],
  [
    'a carried id with no link of that contact falls through to the other rules',
    { remote: remote({ crmContactId: OTHER_CRM_ID }), limitReached: false },
    { action: 'create-in-crm' },
  ],
  [
    'a remote contact deleted in the CRM and not edited since stays out',
    {
      remote: remote({ etag: 'etag-at-delete' }),
      tombstone: { etagAtDelete: 'etag-at-delete' },
      limitReached: false,
    },
    { action: 'keep-tombstoned' },
  ],
  [
    'a remote contact deleted in the CRM and edited since comes back',
    {
      remote: remote({ etag: 'etag-edited' }),
      tombstone: { etagAtDelete: 'etag-at-delete' },
      limitReached: false,
    },
    { action: 'reimport-tombstoned' },
  ],
  [
    'a tombstoned contact edited since is linked to a same-person CRM contact rather than re-created',
    {
      remote: remote({ etag: 'etag-edited' }),
      tombstone: { etagAtDelete: 'etag-at-delete' },
      samePersonMatch: { contactId: OTHER_CRM_ID },
      limitReached: false,
    },
    { action: 'link-and-merge', contactId: OTHER_CRM_ID },
  ],
  [
    'a tombstoned contact edited since is left out when the limit is reached',
    {
      remote: remote({ etag: 'etag-edited' }),
      tombstone: { etagAtDelete: 'etag-at-delete' },
      limitReached: true,
    },
    { action: 'left-out-over-limit' },
  ],
  [
    'a new remote contact that is the same person as an unlinked CRM contact is linked and merged',
    { remote: remote(), samePersonMatch: { contactId: OTHER_CRM_ID }, limitReached: false },
    { action: 'link-and-merge', contactId: OTHER_CRM_ID },
  ],
  [
    'linking to an existing CRM contact is allowed at the limit: no contact is added',
    { remote: remote(), samePersonMatch: { contactId: OTHER_CRM_ID }, limitReached: true },
    { action: 'link-and-merge', contactId: OTHER_CRM_ID },
  ],
  [
    'several same-person candidates: no guess, it is created and marked for review',
    { remote: remote(), samePersonMatch: 'ambiguous', limitReached: false },
    { action: 'create-in-crm', needsReview: true },
  ],
  [
    'a new remote contact with no match is created in the CRM',
    { remote: remote(), limitReached: false },
    { action: 'create-in-crm' },
  ],
  [
    'a new remote contact past the limit is left out and counted',
    { remote: remote(), limitReached: true },
    { action: 'left-out-over-limit' },
  ],
];

describe('what a pull does with one remote contact', () => {
  it.each(cases)('%s', (_name, lookups, expected) => {
    const decision = decideRemoteContact(lookups);
    expect(decision).toStrictEqual({ ...expected, reason: decision.reason });
    expect(decision.reason).not.toBe('');
  });

  it('says why it does not guess between several candidates', () => {
    const decision = decideRemoteContact({
      remote: remote(),
      samePersonMatch: 'ambiguous',
      limitReached: false,
    });
    expect(decision.reason).toContain('not guessing');
  });
});
