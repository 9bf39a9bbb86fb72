import type { RemoteContact } from '../../providers/provider.ts';

/** The parts of a stored sync link the decision reads (a stored link row can be passed as is). */
export interface LinkLookup {
  contactId: string;
  /** Null while a create is pending and its answer has not been seen. */
  remoteId: string | null;
  /** The remote etag stored after our last read or write of this contact. */
  remoteEtag: string | null;
  /** 'pending-create' or 'linked'. */
  state: string;
}

export interface RemoteContactLookups {
  remote: RemoteContact;
  /** The link holding this remote id (already re-keyed from a previous id, if any). */
  linkByRemoteId?: LinkLookup;
  /** The link of the CRM contact whose id the remote contact carries. */
  linkByCrmId?: LinkLookup;
  /** Set when the CRM deleted the contact this remote id was linked to. */
  tombstone?: { etagAtDelete: string };
  /** Unlinked CRM contacts the same-person rule pairs with it: one, or several ('ambiguous'). */
  samePersonMatch?: { contactId: string } | 'ambiguous';
  /** Creating one more synced contact would pass the per-user limit. */
  limitReached: boolean;
}

export type RemoteContactAction =
  | 'merge-linked'
  | 'ignore-own-write'
  | 'relink-by-crm-id'
  | 'reimport-tombstoned'
  | 'keep-tombstoned'
  | 'link-and-merge'
  | 'create-in-crm'
  | 'left-out-over-limit'
  | 'unlink-remote-deleted'
  | 'ignore-deleted-unknown';

export interface RemoteContactDecision {
  action: RemoteContactAction;
  /** The CRM contact the action applies to, when there is one. */
  contactId?: string;
  /** Created, but likely a duplicate the user should review (several same-person candidates). */
  needsReview?: boolean;
  reason: string;
}

/**
 * What a pull does with one remote contact, in ARCHITECTURE.md's order: deletions; linked; carrying
 * our contact id; tombstoned; same person as an unlinked CRM contact; otherwise a new CRM contact.
 */
export function decideRemoteContact(input: RemoteContactLookups): RemoteContactDecision {
  if (input.remote.deleted) return decideDeleted(input);
  if (input.linkByRemoteId) return decideLinked(input.remote, input.linkByRemoteId);
  const relink = relinkByCrmId(input);
  if (relink) return relink;
  if (input.tombstone) return decideTombstoned(input, input.tombstone);
  return decideUnlinked(input, 'new remote contact');
}

function decideDeleted({ linkByRemoteId }: RemoteContactLookups): RemoteContactDecision {
  if (!linkByRemoteId) {
    return {
      action: 'ignore-deleted-unknown',
      reason: 'deleted on the remote, and not linked to any CRM contact',
    };
  }
  return {
    action: 'unlink-remote-deleted',
    contactId: linkByRemoteId.contactId,
    reason: 'deleted on the remote: unlink it and keep the CRM contact with its data',
  };
}

function decideLinked(remote: RemoteContact, link: LinkLookup): RemoteContactDecision {
  if (link.remoteEtag !== null && link.remoteEtag === remote.etag) {
    return {
      action: 'ignore-own-write',
      contactId: link.contactId,
      reason: 'the remote etag is the one we stored: our own write (or no change) coming back',
    };
  }
  return {
    action: 'merge-linked',
    contactId: link.contactId,
    reason: 'linked and changed on the remote since we last saw it: three-way merge',
  };
}

/**
 * A remote contact carrying our contact id is the answer to a create we sent but never heard back
 * from. A link already holding another live remote id means the id was copied with the contact
 * (duplicated in Gmail or Outlook): relinking would steal that link, so it is treated as unlinked.
 */
function relinkByCrmId({ remote, linkByCrmId }: RemoteContactLookups): RemoteContactDecision | null {
  if (!remote.crmContactId || !linkByCrmId || linkByCrmId.contactId !== remote.crmContactId) return null;
  const heldId = linkByCrmId.remoteId;
  const ours = heldId === null || heldId === remote.remoteId || remote.previousRemoteIds.includes(heldId);
  if (!ours && linkByCrmId.state !== 'pending-create') return null;
  return {
    action: 'relink-by-crm-id',
    contactId: linkByCrmId.contactId,
    reason: 'unlinked, but it carries the id of a CRM contact waiting for it: a create whose answer was lost',
  };
}

function decideTombstoned(
  input: RemoteContactLookups,
  tombstone: { etagAtDelete: string },
): RemoteContactDecision {
  if (input.remote.etag === tombstone.etagAtDelete) {
    return { action: 'keep-tombstoned', reason: 'deleted in the CRM and not edited on the remote since' };
  }
  return decideUnlinked(input, 'edited on the remote after the CRM deleted it');
}

function decideUnlinked(input: RemoteContactLookups, what: string): RemoteContactDecision {
  const match = input.samePersonMatch;
  if (match !== undefined && match !== 'ambiguous') {
    return {
      action: 'link-and-merge',
      contactId: match.contactId,
      reason: `${what}: the same person as an unlinked CRM contact, so link and merge instead of a copy`,
    };
  }
  if (input.limitReached) {
    return {
      action: 'left-out-over-limit',
      reason: `${what}: left out, the synced-contact limit is reached`,
    };
  }
  const action = input.tombstone ? 'reimport-tombstoned' : 'create-in-crm';
  if (match === 'ambiguous') {
    return {
      action,
      needsReview: true,
      reason: `${what}: several CRM contacts could be this person; not guessing, so it is created and marked for review`,
    };
  }
  return { action, reason: `${what}: no CRM contact matches, so it is created in the CRM` };
}
