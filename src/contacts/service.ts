import type { Db } from '../db/database.ts';
import { AppError, detail } from '../server/errors.ts';
import type { ContactHooks } from './contact-hooks.ts';
import {
  type Contact,
  type ContactCreateInput,
  type ContactDraft,
  type ContactType,
  type ContactUpdateInput,
  draftFromInput,
} from './model.ts';
import { deleteContact, getContact, insertContacts, replaceContact, toDraft } from './repository.ts';

export type Caller = 'session' | 'token';

/** Which origin a contact created through the API gets: lead providers post with a token. */
export function typeForApiCreate(requested: ContactType | undefined, caller: Caller): ContactType {
  const allowed: ContactType[] = caller === 'token' ? ['manual', 'lead'] : ['manual'];
  const type = requested ?? 'manual';
  if (!allowed.includes(type)) {
    throw new AppError('validation_failed', undefined, [
      detail(
        'type',
        'not_allowed',
        caller === 'token'
          ? 'Only "manual" or "lead" can be set through the API.'
          : 'Only "manual" can be set from a browser session; lead providers use an API token.',
      ),
    ]);
  }
  return type;
}

export async function createContact(
  db: Db,
  ownerId: string,
  input: ContactCreateInput,
  caller: Caller,
  region: string,
): Promise<Contact> {
  const draft = draftFromInput(input, typeForApiCreate(input.type, caller));
  const [created] = await db.transaction((tx) => insertContacts(tx, ownerId, [draft], region));
  return created!;
}

/** Applies only the fields present in the patch; lists are replaced whole. */
export function applyPatch(current: ContactDraft, patch: ContactUpdateInput): ContactDraft {
  const present = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  // Stored labels were validated when written, so the draft fits the input shape.
  return draftFromInput({ ...current, ...present } as ContactCreateInput, current.type);
}

/**
 * Updates a contact. With `ifMatchVersion` the change is refused when the contact moved on;
 * without it, a concurrent change is re-read and the patch applied again on top of it.
 */
export async function updateContact(
  db: Db,
  ownerId: string,
  id: string,
  patch: ContactUpdateInput,
  region: string,
  ifMatchVersion?: number,
  hooks?: ContactHooks,
): Promise<Contact> {
  for (let attempt = 0; ; attempt++) {
    const current = await getContact(db, ownerId, id);
    if (ifMatchVersion !== undefined && current.version !== ifMatchVersion)
      throw new AppError('version_conflict');
    const draft = applyPatch(toDraft(current), patch);
    try {
      return await db.transaction(async (tx) => {
        const updated = await replaceContact(tx, ownerId, id, draft, region, current.version);
        await hooks?.changed(tx, ownerId, [id]);
        return updated;
      });
    } catch (error: unknown) {
      const retry =
        error instanceof AppError && error.code === 'version_conflict' && ifMatchVersion === undefined;
      if (!retry || attempt >= 3) throw error;
    }
  }
}

/** Deletes a contact; the hooks see it first, in the same transaction (the sync keeps a tombstone). */
export async function removeContact(
  db: Db,
  ownerId: string,
  id: string,
  hooks?: ContactHooks,
): Promise<void> {
  await db.transaction(async (tx) => {
    await hooks?.deleting(tx, ownerId, id);
    await deleteContact(tx, ownerId, id);
  });
}
