import {
  applyExtended,
  applyWrite,
  type ContactData,
  type ContactWrite,
  type ExtendedProperty,
  withDisplayName,
} from './contact-data.ts';
import type { DeltaTokenState } from './delta.ts';
import { notFound } from './errors.ts';
import { newChangeKey, newFolderId, newImmutableId, newRestId } from './ids.ts';

/** One version of a contact; a write makes a new one, so the previous stays readable. */
export interface ContactVersion {
  data: ContactData;
  extended: ReadonlyMap<string, ExtendedProperty>;
  changeKey: string;
  modifiedAt: number;
}

export interface StoredContact {
  immutableId: string;
  /** The default id; it changes when the contact moves to another folder. */
  restId: string;
  folderId: string;
  createdAt: number;
  current: ContactVersion;
  /** Kept so a delta round can hand out an older version after a newer one, as Exchange may. */
  previous: ContactVersion | undefined;
  /** Unset strings read back as null for API-created contacts and as "" for Outlook-created ones. */
  blank: null | '';
}

/** The latest change of a contact in a folder; a removal remembers the ids the client knew. */
export interface FolderChange {
  seq: number;
  removed?: { restId: string; immutableId: string };
}

export interface Folder {
  id: string;
  displayName: string;
  parentFolderId: string;
  contacts: Map<string, StoredContact>;
  /** Keyed by immutable id and kept in `seq` order (an entry is re-inserted on every change). */
  changes: Map<string, FolderChange>;
  delta: { generation: number; tokens: Map<string, DeltaTokenState> };
}

export type ChangeKind = 'created' | 'updated' | 'deleted';

export interface ContactChange {
  kind: ChangeKind;
  contact: StoredContact;
  folderId: string;
  /** The default id as it was when the change happened (deletes and moves out keep the old one). */
  restId: string;
}

export interface AccountProfile {
  email: string;
  userId: string;
  /** A personal Microsoft account: `/me` has `mail: null` and a 16-hex id. */
  consumer: boolean;
  displayName: string;
}

/** One person's Outlook contacts: the default Contacts folder, its sub-folders and a change counter. */
export class Mailbox {
  readonly folders = new Map<string, Folder>();
  readonly defaultFolder: Folder;
  private readonly byId = new Map<string, StoredContact>();
  private seq = 0;

  constructor(
    readonly profile: AccountProfile,
    private readonly now: () => number,
    private readonly onChange: (mailbox: Mailbox, change: ContactChange) => void,
  ) {
    const rootId = newFolderId();
    this.defaultFolder = this.addFolder('Contacts', rootId);
  }

  get lastSeq(): number {
    return this.seq;
  }

  addFolder(displayName: string, parentFolderId: string): Folder {
    const folder: Folder = {
      id: newFolderId(),
      displayName,
      parentFolderId,
      contacts: new Map(),
      changes: new Map(),
      delta: { generation: 0, tokens: new Map() },
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A folder by id, or the default one by its well-known name `contacts`. */
  folder(id: string): Folder {
    const folder = id.toLowerCase() === 'contacts' ? this.defaultFolder : this.folders.get(id);
    if (!folder) throw notFound('The specified folder could not be found in the store.');
    return folder;
  }

  /** A contact by default or immutable id, optionally only within one folder. */
  contact(id: string, folder?: Folder): StoredContact {
    const contact = this.byId.get(id);
    if (!contact || (folder && contact.folderId !== folder.id)) throw notFound();
    return contact;
  }

  allContacts(): StoredContact[] {
    return [...this.folders.values()].flatMap((folder) => [...folder.contacts.values()]);
  }

  create(folder: Folder, write: ContactWrite, blank: null | ''): StoredContact {
    const at = this.now();
    const contact: StoredContact = {
      immutableId: newImmutableId(),
      restId: newRestId(),
      folderId: folder.id,
      createdAt: at,
      current: {
        data: withDisplayName(undefined, applyWrite({}, write), write),
        extended: applyExtended(new Map(), write.extended),
        changeKey: newChangeKey(),
        modifiedAt: at,
      },
      previous: undefined,
      blank,
    };
    folder.contacts.set(contact.immutableId, contact);
    this.byId.set(contact.immutableId, contact);
    this.byId.set(contact.restId, contact);
    this.record(folder, contact, 'created');
    return contact;
  }

  update(contact: StoredContact, write: ContactWrite): StoredContact {
    const data = withDisplayName(contact.current.data, applyWrite(contact.current.data, write), write);
    contact.previous = contact.current;
    contact.current = {
      data,
      extended: applyExtended(contact.current.extended, write.extended),
      changeKey: newChangeKey(),
      modifiedAt: this.now(),
    };
    this.record(this.folder(contact.folderId), contact, 'updated');
    return contact;
  }

  /** A delete moves the item to Deleted Items: gone from its folder, a tombstone in the folder's delta. */
  remove(contact: StoredContact): void {
    const folder = this.folder(contact.folderId);
    folder.contacts.delete(contact.immutableId);
    this.byId.delete(contact.immutableId);
    this.byId.delete(contact.restId);
    this.record(folder, contact, 'deleted');
  }

  /** A move made in Outlook: a removal from one folder, a creation in the other, and a new default id. */
  move(contact: StoredContact, target: Folder): StoredContact {
    if (contact.folderId === target.id) return contact;
    const source = this.folder(contact.folderId);
    source.contacts.delete(contact.immutableId);
    this.record(source, contact, 'deleted');
    this.byId.delete(contact.restId);
    contact.restId = newRestId();
    contact.folderId = target.id;
    contact.current = { ...contact.current, changeKey: newChangeKey(), modifiedAt: this.now() };
    this.byId.set(contact.restId, contact);
    target.contacts.set(contact.immutableId, contact);
    this.record(target, contact, 'created');
    return contact;
  }

  private record(folder: Folder, contact: StoredContact, kind: ChangeKind): void {
    this.seq += 1;
    const change: FolderChange =
      kind === 'deleted'
        ? { seq: this.seq, removed: { restId: contact.restId, immutableId: contact.immutableId } }
        : { seq: this.seq };
    folder.changes.delete(contact.immutableId);
    folder.changes.set(contact.immutableId, change);
    this.onChange(this, { kind, contact, folderId: folder.id, restId: contact.restId });
  }
}
