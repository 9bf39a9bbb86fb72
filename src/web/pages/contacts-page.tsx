import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import {
  type AddToSyncResult,
  api,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  type Contact,
  type ContactPage,
  isApiError,
} from '../api.ts';
import { ImportPanel } from '../components/import-panel.tsx';
import { NewContactPanel } from '../components/new-contact-panel.tsx';
import { SyncBadge } from '../components/sync-badge.tsx';
import { contactName, formatNumber, STATUS_TEXT, TYPE_TEXT } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';

/** The API accepts at most 50 contacts per Add to Sync, so selection stops there. */
const MAX_SELECTED = 50;
const PAGE_SIZE = 50;

const SYNC_FILTERS = ['linked', 'pending', 'not-synced'] as const;
type SyncFilter = '' | (typeof SYNC_FILTERS)[number];

interface Filters {
  q: string;
  type: string;
  status: string;
  tag: string;
  sync: SyncFilter;
}

/**
 * The filters live in the address (`/contacts?q=…&type=…`), so Back from a record, a reload or a
 * shared link shows the same list. A value the page does not offer is ignored.
 */
function filtersFromAddress(search: string): Filters {
  const params = new URLSearchParams(search);
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | '' => {
    const value = params.get(key) ?? '';
    return (allowed as readonly string[]).includes(value) ? (value as T) : '';
  };
  return {
    q: params.get('q') ?? '',
    type: oneOf('type', CONTACT_TYPES),
    status: oneOf('status', CONTACT_STATUSES),
    tag: params.get('tag') ?? '',
    sync: oneOf('sync', SYNC_FILTERS),
  };
}

function addressOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'type', 'status', 'tag', 'sync'] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  const query = params.toString();
  return query ? `/contacts?${query}` : '/contacts';
}

async function loadPage(filters: Filters, cursor: string | undefined): Promise<ContactPage> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const key of ['q', 'type', 'status', 'tag', 'sync'] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (cursor) params.set('cursor', cursor);
  return api<ContactPage>(`/api/contacts?${params}`);
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function ContactsPage() {
  const id = useId();
  const [initial] = useState(() => filtersFromAddress(window.location.search));
  const [search, setSearch] = useState(initial.q);
  const [tagInput, setTagInput] = useState(initial.tag);
  const [type, setType] = useState(initial.type);
  const [status, setStatus] = useState(initial.status);
  const [sync, setSync] = useState<SyncFilter>(initial.sync);
  const q = useDebounced(search.trim(), 300);
  const tag = useDebounced(tagInput.trim(), 300);
  const filters: Filters = { q, type, status, tag, sync };
  const address = addressOf(filters);
  // Replaced, not pushed: typing a search is not a trail of pages to go back through.
  useEffect(() => navigate(address, { replace: true }), [address]);
  // Another address while this page stays (the Contacts link in the header): its filters win.
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a move of the address resets the filters
  useEffect(() => {
    if (location === address || !location.startsWith('/contacts')) return;
    const wanted = filtersFromAddress(location.split('?')[1] ?? '');
    setSearch(wanted.q);
    setTagInput(wanted.tag);
    setType(wanted.type);
    setStatus(wanted.status);
    setSync(wanted.sync);
  }, [location]);

  // A stack of cursors: the last one is the current page; Previous pops it.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const filterKey = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: any filter change starts again at page 1
  useEffect(() => setCursors([undefined]), [filterKey]);
  const cursor = cursors[cursors.length - 1];

  const page = useQuery({
    queryKey: ['contacts', 'list', filters, cursor ?? null],
    queryFn: () => loadPage(filters, cursor),
    placeholderData: keepPreviousData,
  });

  const [panel, setPanel] = useState<'none' | 'new' | 'import'>('none');
  const selection = useSelection();
  const items = page.data?.items ?? [];

  return (
    <>
      <h1 tabIndex={-1}>Contacts</h1>

      <div className="toolbar">
        {panel !== 'new' && (
          <button type="button" className="primary" onClick={() => setPanel('new')}>
            New contact
          </button>
        )}
        {panel !== 'import' && (
          <button type="button" className="secondary" onClick={() => setPanel('import')}>
            Import
          </button>
        )}
      </div>
      {panel === 'new' && <NewContactPanel onClose={() => setPanel('none')} />}
      {panel === 'import' && <ImportPanel onClose={() => setPanel('none')} />}

      <search className="filters" aria-label="Find contacts">
        <div className="field grow">
          <label htmlFor={`${id}-q`}>Search</label>
          <input
            id={`${id}-q`}
            type="search"
            value={search}
            placeholder="Name, email, phone or company"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Any type</option>
            {CONTACT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_TEXT[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {CONTACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input id={`${id}-tag`} value={tagInput} onChange={(e) => setTagInput(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sync`}>Sync state</label>
          <select id={`${id}-sync`} value={sync} onChange={(e) => setSync(e.target.value as SyncFilter)}>
            <option value="">Synced or not</option>
            <option value="linked">Synced</option>
            <option value="pending">Pending</option>
            <option value="not-synced">Not synced</option>
          </select>
        </div>
      </search>

      <BulkBar selection={selection} />

      <div aria-live="polite" className="sr-only">
        {page.isFetching ? 'Loading contacts…' : page.data ? `${items.length} contacts shown` : ''}
      </div>
      {page.isError && (
        <p className="message error" role="alert">
          {page.error.message}
        </p>
      )}
      {page.isPending && <p>Loading contacts…</p>}
      {page.data && items.length === 0 && <p>No contacts match.</p>}
      {items.length > 0 && <ContactTable items={items} selection={selection} busy={page.isPlaceholderData} />}

      <nav className="pager" aria-label="Pages of contacts">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Next page
        </button>
      </nav>
    </>
  );
}

interface Selection {
  /** Contact id → its name, kept across pages so results can name contacts no longer shown. */
  selected: Map<string, string>;
  message: string | null;
  toggle: (contact: Contact, on: boolean) => void;
  setMany: (contacts: Contact[], on: boolean) => void;
  clear: () => void;
}

function useSelection(): Selection {
  const [selected, setSelected] = useState(new Map<string, string>());
  const [message, setMessage] = useState<string | null>(null);
  const limitMessage = `You can select at most ${MAX_SELECTED} contacts at a time. Add these to sync first, or untick some.`;

  const setMany = (contacts: Contact[], on: boolean) => {
    const next = new Map(selected);
    let refused = false;
    for (const contact of contacts) {
      if (!on) next.delete(contact.id);
      else if (next.has(contact.id)) continue;
      else if (next.size >= MAX_SELECTED) refused = true;
      else next.set(contact.id, contactName(contact));
    }
    setSelected(next);
    setMessage(refused ? limitMessage : null);
  };
  return {
    selected,
    message,
    toggle: (contact, on) => setMany([contact], on),
    setMany,
    clear: () => {
      setSelected(new Map());
      setMessage(null);
    },
  };
}

function ContactTable({ items, selection, busy }: { items: Contact[]; selection: Selection; busy: boolean }) {
  const allTicked = items.every((c) => selection.selected.has(c.id));
  return (
    <div className="table-wrap">
      <table className="contacts" aria-busy={busy || undefined}>
        <caption className="sr-only">Contacts</caption>
        <thead>
          <tr>
            <th scope="col" className="select">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={allTicked}
                onChange={(e) => selection.setMany(items, e.target.checked)}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col" className="wide-only">
              Company
            </th>
            <th scope="col" className="wide-only">
              Email
            </th>
            <th scope="col" className="wide-only">
              Phone
            </th>
            <th scope="col" className="wide-only">
              Type
            </th>
            <th scope="col">Status</th>
            <th scope="col">Sync</th>
          </tr>
        </thead>
        <tbody>
          {items.map((contact) => {
            const name = contactName(contact);
            return (
              <tr key={contact.id}>
                <td className="select">
                  <input
                    type="checkbox"
                    aria-label={`Select ${name}`}
                    checked={selection.selected.has(contact.id)}
                    onChange={(e) => selection.toggle(contact, e.target.checked)}
                  />
                </td>
                <td>
                  <Link to={`/contacts/${contact.id}`}>{name}</Link>
                </td>
                <td className="wide-only">{contact.company}</td>
                <td className="wide-only">{contact.emails[0]?.address}</td>
                <td className="wide-only">{contact.phones[0]?.number}</td>
                <td className="wide-only">{TYPE_TEXT[contact.type] ?? contact.type}</td>
                <td>{STATUS_TEXT[contact.status] ?? contact.status}</td>
                <td>{contact.sync ? <SyncBadge sync={contact.sync} compact /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const OUTCOME_TEXT: Record<AddToSyncResult['outcome'], string> = {
  added: 'Added to sync',
  'linked-to-existing': 'Linked to the same person already synced',
  'already-synced': 'Already synced',
  'over-limit': 'Not added: the 20,000-contact limit is reached',
  'not-syncable': 'Not added',
};

function AddToSyncIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
      <path
        fill="currentColor"
        d="M12 4a8 8 0 0 1 7.4 5H17v2h6V5h-2v2.3A10 10 0 0 0 2 12h2a8 8 0 0 1 8-8Zm8 8a8 8 0 0 1-15.4 3H7v-2H1v6h2v-2.3A10 10 0 0 0 22 12h-2Z"
      />
      <path fill="currentColor" d="M11 8h2v3h3v2h-3v3h-2v-3H8v-2h3Z" />
    </svg>
  );
}

function BulkBar({ selection }: { selection: Selection }) {
  const queryClient = useQueryClient();
  const [names, setNames] = useState(new Map<string, string>());
  const add = useMutation({
    mutationFn: (contactIds: string[]) =>
      api<{ results: AddToSyncResult[] }>('/api/contacts/sync', { method: 'POST', body: { contactIds } }),
    onMutate: () => setNames(new Map(selection.selected)),
    onSuccess: () => {
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const count = selection.selected.size;

  return (
    <div className="bulk-bar">
      <div className="row">
        <p aria-live="polite" className="selected-count">
          {count === 0 ? 'No contacts selected' : `${formatNumber(count)} selected`}
        </p>
        <button
          type="button"
          className="icon-button primary"
          aria-label="Add to contact sync"
          title="Add to contact sync"
          disabled={count === 0 || add.isPending}
          onClick={() => add.mutate([...selection.selected.keys()])}
        >
          <AddToSyncIcon />
        </button>
        {count > 0 && (
          <button type="button" className="link-button" onClick={selection.clear}>
            Clear selection
          </button>
        )}
      </div>
      <div role="alert">{selection.message && <p className="message warning">{selection.message}</p>}</div>
      <div aria-live="polite">
        {add.isPending && <p>Adding to contact sync…</p>}
        {add.isError && (
          <p className="message error">
            {add.error.message}
            {isApiError(add.error, 'sync_not_connected') && (
              <>
                {' '}
                <Link to="/settings/sync">Connect an address book first.</Link>
              </>
            )}
          </p>
        )}
        {add.data && (
          <div className="message">
            <p>Add to contact sync:</p>
            <ul className="results">
              {add.data.results.map((r) => (
                <li key={r.contactId} className={`outcome-${r.outcome}`}>
                  <Link to={`/contacts/${r.contactId}`}>{names.get(r.contactId) ?? 'Contact'}</Link>:{' '}
                  {OUTCOME_TEXT[r.outcome]}
                  {r.reason ? ` (${r.reason})` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
