import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { HistoryAction, HistorySide } from '../../sync/history-vocabulary.ts';
import { api, type Contact, type HistoryEntry } from '../api.ts';
import { formatDateTime, labelText } from '../format.ts';

const ACTION_TEXT: Record<HistoryAction, string> = {
  'created-from-remote': 'Created from the address book',
  linked: 'Linked to the same person in the address book',
  'applied-remote': 'Change from the address book applied',
  'pushed-crm': 'Change sent to the address book',
  'conflict-lost': 'Both sides changed this; the other change was more recent',
  'added-to-sync': 'Added to sync',
  'created-in-provider': 'Created in the address book',
  'unlinked-remote-deleted': 'Deleted in the address book; kept here, no longer synced',
  reimported: 'Edited in the address book after it was deleted here; brought back',
  restored: 'Earlier value restored',
};

const SIDE_TEXT: Record<HistorySide, string> = { crm: 'Contact Sync', remote: 'Address book', sync: 'Sync' };

const FIELD_TEXT: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  jobTitle: 'Job title',
  birthday: 'Birthday',
  homeAddress: 'Home address',
  phones: 'Phones',
  emails: 'Emails',
  websites: 'Websites',
};

/** History values are JSON of any synced field: show them as short readable text. */
function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ') || '(none)';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('month' in o && 'day' in o) return [o.year, o.month, o.day].filter((p) => p != null).join('-');
    const main = o.address ?? o.number ?? o.url;
    if (main !== undefined)
      return o.label ? `${valueText(main)} (${labelText(String(o.label))})` : valueText(main);
    return Object.values(o)
      .filter((v) => v !== null && v !== '')
      .map(valueText)
      .join(', ');
  }
  return String(value);
}

export function SyncHistory({ contactId }: { contactId: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: ['history', contactId],
    queryFn: () => api<{ items: HistoryEntry[] }>(`/api/contacts/${contactId}/history`),
  });
  const restore = useMutation({
    mutationFn: (entryId: string) =>
      api<Contact>(`/api/contacts/${contactId}/history/${entryId}/restore`, { method: 'POST' }),
    onSuccess: (contact) => {
      queryClient.setQueryData(['contact', contactId], contact);
      void queryClient.invalidateQueries({ queryKey: ['history', contactId] });
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
  });

  return (
    <section className="history" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Sync history</h2>
      <div aria-live="polite">
        {restore.isSuccess && <p className="message success">Restored. The value will be synced.</p>}
        {restore.isError && <p className="message error">{restore.error.message}</p>}
      </div>
      {history.isPending && <p>Loading history…</p>}
      {history.isError && <p className="message error">{history.error.message}</p>}
      {history.data?.items.length === 0 && <p>Nothing has been synced for this contact yet.</p>}
      {history.data && history.data.items.length > 0 && (
        <ol className="timeline">
          {history.data.items.map((entry) => {
            const descId = `${id}-${entry.id}`;
            const field = entry.field ? (FIELD_TEXT[entry.field] ?? entry.field) : null;
            const changed = entry.oldValue !== null || entry.newValue !== null;
            return (
              <li key={entry.id}>
                <p className="when">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ·{' '}
                  {SIDE_TEXT[entry.side] ?? entry.side}
                </p>
                <p id={descId}>
                  {ACTION_TEXT[entry.action] ?? entry.action}
                  {field ? `: ${field}` : ''}
                </p>
                {changed && entry.field && (
                  <p className="change">
                    <span className="muted">from</span> {valueText(entry.oldValue)}{' '}
                    <span className="muted">to</span> {valueText(entry.newValue)}
                  </p>
                )}
                {entry.restorable && !entry.restoredAt && (
                  <button
                    type="button"
                    className="secondary"
                    aria-describedby={descId}
                    disabled={restore.isPending}
                    onClick={() => restore.mutate(entry.id)}
                  >
                    Restore
                  </button>
                )}
                {entry.restoredAt && <p className="muted">Restored {formatDateTime(entry.restoredAt)}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
