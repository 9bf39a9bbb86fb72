import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { type AddToSyncResult, ApiError, api, type Contact, isApiError } from '../api.ts';
import {
  bodyFromForm,
  ContactForm,
  type ContactFormState,
  errorsByField,
  formFromContact,
} from '../components/contact-form.tsx';
import { SyncBadge } from '../components/sync-badge.tsx';
import { SyncHistory } from '../components/sync-history.tsx';
import {
  contactName,
  formatAddress,
  formatBirthday,
  formatDateTime,
  labelText,
  providerAddressBook,
  STATUS_TEXT,
  TYPE_TEXT,
} from '../format.ts';
import { Link, navigate } from '../router.tsx';

export function ContactPage({ id }: { id: string }) {
  const contact = useQuery({
    queryKey: ['contact', id],
    queryFn: () => api<Contact>(`/api/contacts/${encodeURIComponent(id)}`),
  });
  const [editing, setEditing] = useState(false);

  if (contact.isPending) {
    return (
      <>
        <h1 tabIndex={-1}>Contact</h1>
        <p role="status">Loading…</p>
      </>
    );
  }
  if (contact.isError) {
    const missing = isApiError(contact.error, 'not_found');
    return (
      <>
        <h1 tabIndex={-1}>{missing ? 'Contact not found' : 'Contact'}</h1>
        <p className="message error" role="alert">
          {missing ? 'This contact does not exist or was deleted.' : contact.error.message}
        </p>
        <p>
          <Link to="/contacts">Back to contacts</Link>
        </p>
      </>
    );
  }

  const c = contact.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </p>
      <div className="title-row">
        <h1 tabIndex={-1}>{contactName(c)}</h1>
        {c.sync && <SyncBadge sync={c.sync} />}
      </div>
      {editing ? (
        <EditContact contact={c} onDone={() => setEditing(false)} />
      ) : (
        <>
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setEditing(true)}>
              Edit
            </button>
            {c.sync?.state === 'not-synced' && <AddToSyncButton contact={c} />}
            <DeleteContact contact={c} />
          </div>
          <ContactDetails contact={c} />
        </>
      )}
      {c.sync && <SyncHistory contactId={c.id} />}
    </>
  );
}

function ContactDetails({ contact: c }: { contact: Contact }) {
  const rows: [string, React.ReactNode][] = [
    ['First name', c.firstName],
    ['Middle name', c.middleName],
    ['Last name', c.lastName],
    ['Company', c.company],
    ['Job title', c.jobTitle],
    ['Birthday', formatBirthday(c.birthday)],
    [
      'Emails',
      c.emails.length > 0 && (
        <ul className="plain">
          {c.emails.map((e) => (
            <li key={e.address}>
              <a href={`mailto:${e.address}`}>{e.address}</a>{' '}
              <span className="label">{labelText(e.label)}</span>
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Phones',
      c.phones.length > 0 && (
        <ul className="plain">
          {c.phones.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a number may repeat with another label
            <li key={i}>
              {p.label.endsWith('fax') || p.label === 'pager' ? (
                p.number
              ) : (
                <a href={`tel:${p.number}`}>{p.number}</a>
              )}{' '}
              <span className="label">{labelText(p.label)}</span>
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Addresses',
      c.addresses.length > 0 && (
        <ul className="plain">
          {c.addresses.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: addresses have no id
            <li key={i}>
              {formatAddress(a)} <span className="label">{labelText(a.label)}</span>
            </li>
          ))}
        </ul>
      ),
    ],
    [
      'Websites',
      c.websites.length > 0 && (
        <ul className="plain">
          {c.websites.map((w) => (
            <li key={w.url}>
              <a href={/^[a-z][a-z0-9+.-]*:\/\//i.test(w.url) ? w.url : `https://${w.url}`} rel="noreferrer">
                {w.url}
              </a>{' '}
              <span className="label">{labelText(w.label)}</span>
            </li>
          ))}
        </ul>
      ),
    ],
    ['Notes', c.notes && <p className="notes">{c.notes}</p>],
    ['Tags', c.tags.length > 0 && c.tags.join(', ')],
    ['Type', TYPE_TEXT[c.type] ?? c.type],
    ['Status', STATUS_TEXT[c.status] ?? c.status],
    ['Last changed', formatDateTime(c.updatedAt)],
  ];
  return (
    <dl className="details">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value || <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function EditContact({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState(new Map<string, string>());
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  // The version the form was filled from: a save against a newer one is refused with 409.
  const [base, setBase] = useState(contact);

  const save = useMutation({
    mutationFn: (form: ContactFormState) => {
      const { body, rows } = bodyFromForm(form);
      return api<Contact>(`/api/contacts/${contact.id}`, {
        method: 'PATCH',
        body,
        headers: { 'if-match': `"${base.version}"` },
      }).catch((error: unknown) => {
        if (error instanceof ApiError) setErrors(errorsByField(error.details, rows));
        throw error;
      });
    },
    onMutate: () => {
      setErrors(new Map());
      setFailure(null);
      setConflict(false);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['contact', contact.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['history', contact.id] });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'version_conflict')) setConflict(true);
      else if (!(error instanceof ApiError) || error.details.length === 0) setFailure(error.message);
    },
  });

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({
      queryKey: ['contact', contact.id],
      queryFn: () => api<Contact>(`/api/contacts/${contact.id}`),
      staleTime: 0,
    });
    setBase(fresh);
    setConflict(false);
  };

  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit contact</h2>
      <ContactForm
        key={base.version}
        initial={formFromContact(base)}
        errors={errors}
        busy={save.isPending}
        onSubmit={(form) => save.mutate(form)}
        onCancel={onDone}
        notice={
          <div aria-live="assertive">
            {conflict && (
              <div className="message warning">
                <p>
                  This contact was changed elsewhere since you opened it (perhaps by the sync). Reload to see
                  the latest version, then make your change again.
                </p>
                <button type="button" className="secondary" onClick={() => void reload()}>
                  Reload
                </button>
              </div>
            )}
            {failure && <p className="message error">{failure}</p>}
          </div>
        }
      />
    </section>
  );
}

const ADD_OUTCOME_TEXT: Record<AddToSyncResult['outcome'], string> = {
  added: 'Added to sync: it will be created in the address book on the next run.',
  'linked-to-existing': 'Linked to the same person, who was already synced.',
  'already-synced': 'This contact is already synced.',
  'over-limit': 'Not added: the 20,000-contact limit is reached.',
  'not-syncable': 'Not added.',
};

function AddToSyncButton({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: () =>
      api<{ results: AddToSyncResult[] }>('/api/contacts/sync', {
        method: 'POST',
        body: { contactIds: [contact.id] },
      }),
    onSuccess: (data) => {
      const result = data.results[0];
      if (result?.outcome === 'linked-to-existing' && result.existingContactId) {
        void queryClient.invalidateQueries({ queryKey: ['contact', result.existingContactId] });
      }
      void queryClient.invalidateQueries({ queryKey: ['contact', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['history', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
  });
  const result = add.data?.results[0];
  return (
    <>
      <button type="button" className="secondary" disabled={add.isPending} onClick={() => add.mutate()}>
        Add to Sync
      </button>
      <div aria-live="polite" className="inline-status">
        {add.isPending && 'Adding…'}
        {result && `${ADD_OUTCOME_TEXT[result.outcome]}${result.reason ? ` ${result.reason}` : ''}`}
        {add.isError && (
          <span className="error-text">
            {add.error.message}{' '}
            {isApiError(add.error, 'sync_not_connected') && (
              <Link to="/settings/sync">Connect an address book first.</Link>
            )}
          </span>
        )}
      </div>
    </>
  );
}

function DeleteContact({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) box.current?.focus();
  }, [confirming]);

  const remove = useMutation({
    mutationFn: () => api<void>(`/api/contacts/${contact.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['contact', contact.id] });
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
      navigate('/contacts');
    },
  });

  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  const synced = contact.sync && contact.sync.state !== 'not-synced';
  const book = providerAddressBook(contact.sync?.provider);
  return (
    <div
      ref={box}
      className="confirm"
      role="alertdialog"
      aria-labelledby="delete-title"
      aria-describedby="delete-text"
      tabIndex={-1}
    >
      <p id="delete-title">
        <strong>Delete {contactName(contact)}?</strong>
      </p>
      <p id="delete-text">
        {synced
          ? `It is removed from Contact Sync and from the sync. It stays in your ${book}; if it is edited there later it comes back here.`
          : 'It is removed from Contact Sync. It is not synced, so no other address book is changed.'}
      </p>
      {remove.isError && (
        <p className="message error" role="alert">
          {remove.error.message}
        </p>
      )}
      <div className="actions">
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          Yes, delete it
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
