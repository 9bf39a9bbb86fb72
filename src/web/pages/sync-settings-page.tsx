import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  ApiError,
  api,
  type Connection,
  type ConnectionState,
  isApiError,
  type Provider,
  type ProviderAvailability,
  type SyncOverview,
} from '../api.ts';
import {
  formatDateTime,
  formatNumber,
  formatTimeOrDateTime,
  PROVIDER_TEXT,
  providerAddressBook,
} from '../format.ts';

const OVERVIEW_KEY = ['sync', 'overview'] as const;

/** While the first sync runs its progress moves fast; afterwards a slower poll is enough. */
const FAST_POLL_MS = 1500;
const SLOW_POLL_MS = 10_000;

const RESULT_TEXT: Record<string, { text: string; kind: 'success' | 'warning' | 'error' }> = {
  connected: {
    text: 'Connected. The first sync is running; you can leave this page and keep working.',
    kind: 'success',
  },
  reauthorized: { text: 'Reauthorized. The sync carries on where it stopped.', kind: 'success' },
  denied: {
    text: 'The authorization was cancelled or did not complete, so nothing was connected. You can try again.',
    kind: 'warning',
  },
  'account-mismatch': {
    text: 'The account that signed in is not the email you entered, so nothing was connected. Authorize again and sign in with that account, or enter the email of the account you used.',
    kind: 'error',
  },
};

/** Starts (or restarts) the OAuth consent: the server answers where to send the browser. */
function useAuthorize(onError?: (error: Error) => void) {
  return useMutation({
    mutationFn: (body: { provider: Provider; email: string }) =>
      api<{ authorizeUrl: string }>('/api/sync/connection', { method: 'POST', body }),
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
    ...(onError ? { onError } : {}),
  });
}

/** Writes answer the new connection status; keep the overview in step without another request. */
function setConnection(queryClient: QueryClient, connection: Connection | null) {
  queryClient.setQueryData<SyncOverview>(OVERVIEW_KEY, (old) => (old ? { ...old, connection } : old));
}

export function SyncSettingsPage() {
  // The OAuth callback comes back with ?result=…; read it once, then drop it so a reload does not repeat it.
  const [result] = useState(() => new URLSearchParams(window.location.search).get('result'));
  useEffect(() => {
    if (result) window.history.replaceState(null, '', '/settings/sync');
  }, [result]);
  // A refusal outlives the form that caused it: the page switches to the connection it refused for.
  const [refusal, setRefusal] = useState<string | null>(null);

  const overview = useQuery({
    queryKey: OVERVIEW_KEY,
    queryFn: () => api<SyncOverview>('/api/sync'),
    staleTime: 0,
    refetchInterval: (query) => {
      const connection = query.state.data?.connection;
      if (!connection) return false;
      return connection.status === 'initializing' ? FAST_POLL_MS : SLOW_POLL_MS;
    },
  });
  const message = result ? RESULT_TEXT[result] : undefined;
  const data = overview.data;

  return (
    <>
      <p className="breadcrumb">Settings</p>
      <h1 tabIndex={-1}>Contact Sync</h1>
      <p>
        Two-way sync between your contacts here and Google Contacts or Microsoft contacts. Only the contacts
        you add to the sync are sent to your address book.
      </p>
      {message && (
        <p className={`message ${message.kind}`} role="status">
          {message.text}
        </p>
      )}
      {result && !message && (
        <p className="message warning" role="status">
          The authorization came back with an unexpected answer ({result}).
        </p>
      )}
      <div role="alert">{refusal && <p className="message error">{refusal}</p>}</div>
      {overview.isPending && <p role="status">Loading…</p>}
      {overview.isError && (
        <p className="message error" role="alert">
          {overview.error.message}
        </p>
      )}
      {data && !data.connection && (
        <NotConnected
          overview={data}
          onRefused={(text) => {
            setRefusal(text);
            void overview.refetch();
          }}
        />
      )}
      {data?.connection && <Connected connection={data.connection} />}
    </>
  );
}

function NotConnected({
  overview,
  onRefused,
}: {
  overview: SyncOverview;
  onRefused: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/integrations/legacy/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY }),
  });
  const items = overview.legacyIntegrations;

  return (
    <>
      {items.length > 0 && (
        <section className="panel" aria-labelledby="legacy-heading">
          <h2 id="legacy-heading">Remove the older integration first</h2>
          <p>
            Your account still has an integration from the older system. Two integrations would change the
            same contacts, so Contact Sync can be set up only after it is removed. Removing it does not delete
            any contact.
          </p>
          <ul className="plain legacy">
            {items.map((item) => (
              <li key={item.id}>
                <span>
                  {item.name} <span className="label">{item.kind} integration</span>
                </span>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Remove ${item.name}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(item.id)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div aria-live="polite">
            {remove.isError && <p className="message error">{remove.error.message}</p>}
          </div>
        </section>
      )}
      <div aria-live="polite">
        {remove.isSuccess && items.length === 0 && (
          <p className="message success">
            The older integration is removed. You can connect Contact Sync now.
          </p>
        )}
      </div>
      {items.length === 0 && <ConnectForm providers={overview.providers} onRefused={onRefused} />}
    </>
  );
}

const UNAVAILABLE_TEXT = {
  'not-configured': 'not configured on this server',
  'not-supported-yet': 'not available yet',
} as const;

function ConnectForm({
  providers,
  onRefused,
}: {
  providers: ProviderAvailability[];
  onRefused: (message: string) => void;
}) {
  const id = useId();
  const [provider, setProvider] = useState<Provider>(
    () => providers.find((p) => p.available)?.provider ?? 'google',
  );
  const [email, setEmail] = useState('');
  // Another tab connected meanwhile: the page shows that connection and says why this was refused.
  const authorize = useAuthorize((error) => {
    if (isApiError(error, 'sync_connection_exists')) onRefused(error.message);
  });
  const emailError =
    authorize.error instanceof ApiError ? authorize.error.details.find((d) => d.path === 'email') : undefined;
  const noneAvailable = !providers.some((p) => p.available);
  const chosenIsDemo = providers.some((p) => p.provider === provider && p.demo);
  const refusedForConnection = isApiError(authorize.error, 'sync_connection_exists');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    authorize.mutate({ provider, email: email.trim() });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Connect an address book</h2>
      {noneAvailable && (
        <p className="message warning">
          No provider is available on this server. An administrator sets the Google credentials (see the
          README).
        </p>
      )}
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-provider`}>Provider</label>
          <select
            id={`${id}-provider`}
            value={provider}
            onChange={(e) => setProvider(e.target.value as Provider)}
          >
            {providers.map((p) => (
              <option key={p.provider} value={p.provider} disabled={!p.available}>
                {PROVIDER_CHOICE[p.provider]}
                {p.demo ? ' (demo account)' : ''}
                {!p.available && p.reason ? ` (${UNAVAILABLE_TEXT[p.reason]})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Account email</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="email"
            required
            value={email}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={`${id}-email-hint${emailError ? ` ${id}-email-error` : ''}`}
            onChange={(e) => setEmail(e.target.value)}
          />
          <p className="hint" id={`${id}-email-hint`}>
            The address you sign in to {PROVIDER_TEXT[provider]} with. You will be sent to{' '}
            {PROVIDER_TEXT[provider]} to allow access, then brought back here.
            {chosenIsDemo &&
              ` This server has no ${PROVIDER_TEXT[provider]} credentials, so it connects to a demo account on its built-in emulator: any address works, and its address book starts with sample contacts.`}
          </p>
          {emailError && (
            <p className="field-error" id={`${id}-email-error`}>
              {emailError.message}
            </p>
          )}
        </div>
        <div role="alert">
          {authorize.isError && !emailError && !refusedForConnection && (
            <p className="message error">{authorize.error.message}</p>
          )}
        </div>
        <div>
          <button
            type="submit"
            className="primary"
            disabled={noneAvailable || authorize.isPending || authorize.isSuccess}
          >
            Authorize
          </button>
          {(authorize.isPending || authorize.isSuccess) && (
            <span role="status" className="inline-status">
              Opening {PROVIDER_TEXT[provider]}…
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

const PROVIDER_CHOICE: Record<Provider, string> = {
  google: 'Google',
  microsoft: 'Microsoft (Outlook.com, Office 365)',
};

const STATUS_NAME: Record<ConnectionState, string> = {
  initializing: 'Initializing',
  running: 'Running',
  paused: 'Paused',
  'needs-reauthorization': 'Needs reauthorization',
  throttled: 'Throttled',
  error: 'Error',
};

function statusTitle(c: Connection): string {
  if (c.status === 'throttled' && c.throttledUntil)
    return `Throttled until ${formatTimeOrDateTime(c.throttledUntil)}`;
  return STATUS_NAME[c.status] ?? c.status;
}

function Connected({ connection: c }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const provider = PROVIDER_TEXT[c.provider] ?? c.provider;
  const action = useMutation({
    mutationFn: (path: 'run' | 'pause' | 'resume' | 'confirm-unlinks') =>
      api<Connection>(`/api/sync/connection/${path}`, { method: 'POST' }),
    onSuccess: (status) => setConnection(queryClient, status),
  });
  // What an action did holds for the status it left behind: once the status moves on (the run
  // failed, the provider throttled us) the message would say something no longer true.
  const [done, setDone] = useState<{ text: string; status: ConnectionState } | null>(null);
  const run = (path: 'run' | 'pause' | 'resume' | 'confirm-unlinks', text: string) => {
    setDone(null);
    action.mutate(path, { onSuccess: (after) => setDone({ text, status: after.status }) });
  };
  // While throttled the provider's pace is respected: the sync goes on by itself at the time shown.
  const waiting =
    c.status === 'throttled' && c.throttledUntil !== null && Date.parse(c.throttledUntil) > Date.now();
  const stopped = c.status === 'paused' || c.status === 'needs-reauthorization';
  const blocked = stopped || waiting;

  return (
    <section className="panel" aria-labelledby="connection-heading">
      <h2 id="connection-heading">
        {provider}: {c.accountEmail}
      </h2>
      {c.demo && (
        <p className="message info">
          This is a demo account on the built-in {provider} emulator, seeded with sample contacts. Nothing
          leaves this server.
        </p>
      )}

      <div aria-live="polite" className="status-block">
        <p className="status-line">
          Status: <strong>{statusTitle(c)}</strong>
        </p>
        <StatusExplanation connection={c} />
      </div>

      {c.status === 'paused' && c.pausedReason === 'confirm-unlinks' && (
        <button
          type="button"
          className="primary"
          disabled={action.isPending}
          onClick={() => run('confirm-unlinks', 'Confirmed; the sync resumes.')}
        >
          Confirm
        </button>
      )}
      {c.status === 'needs-reauthorization' && (
        <ReauthorizeButton provider={c.provider} email={c.accountEmail} />
      )}

      <dl className="details">
        <div>
          <dt>Last sync</dt>
          <dd>{c.lastSyncAt ? formatDateTime(c.lastSyncAt) : 'Not finished yet'}</dd>
        </div>
        {c.nextSyncAt && !stopped && (
          <div>
            <dt>Next sync</dt>
            <dd>{formatDateTime(c.nextSyncAt)}</dd>
          </div>
        )}
        <div>
          <dt>Synced contacts</dt>
          <dd>{formatNumber(c.syncedCount)}</dd>
        </div>
        <div>
          <dt>Left out</dt>
          <dd>
            {c.skippedOverLimit > 0
              ? `${formatNumber(c.skippedOverLimit)} contacts of your ${providerAddressBook(c.provider)} were left out because of the 20,000-contact limit.`
              : 'None'}
          </dd>
        </div>
      </dl>

      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={blocked || action.isPending}
          onClick={() => run('run', 'A sync has been started.')}
        >
          Sync now
        </button>
        {c.status === 'paused' ? (
          <button
            type="button"
            className="secondary"
            disabled={action.isPending}
            onClick={() => run('resume', 'The sync resumed.')}
          >
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            disabled={action.isPending}
            onClick={() => run('pause', 'The sync is paused.')}
          >
            Pause
          </button>
        )}
        <DisconnectButton provider={c.provider} />
      </div>
      <p className="hint">
        One address book at a time: to sync with another account or provider, disconnect this one first.
      </p>
      <div aria-live="polite">
        {done && done.status === c.status && !action.isError && (
          <p className="message success">{done.text}</p>
        )}
        {action.isError && <p className="message error">{action.error.message}</p>}
      </div>
    </section>
  );
}

function StatusExplanation({ connection: c }: { connection: Connection }) {
  const book = providerAddressBook(c.provider);
  switch (c.status) {
    case 'initializing': {
      const { done, total } = c.progress;
      return (
        <div className="progress">
          <progress
            aria-label="First sync progress"
            max={Math.max(total, 1)}
            value={total > 0 ? done : undefined}
          />
          <span>
            {total > 0
              ? `${formatNumber(done)} of ${formatNumber(total)} contacts`
              : 'Counting the contacts…'}
          </span>
          <p className="hint">
            The first sync brings in every contact of your {book}. You can leave this page meanwhile.
          </p>
        </div>
      );
    }
    case 'running':
      return <p>Changes on either side are synced automatically.</p>;
    case 'paused':
      return c.pausedReason === 'confirm-unlinks' ? (
        <p>
          The last sync stopped before unlinking many contacts at once, because they seem to have disappeared
          from your {book}. Check the address book; if they were removed on purpose, confirm and the sync goes
          on. The contacts stay here either way.
        </p>
      ) : (
        <p>Paused by you. Changes made meanwhile are kept and will sync when you resume.</p>
      );
    case 'needs-reauthorization':
      return (
        <p>
          {PROVIDER_TEXT[c.provider]} no longer accepts our access. Nothing was deleted; reauthorize and the
          sync continues where it stopped.
        </p>
      );
    case 'throttled':
      return (
        <p>
          {PROVIDER_TEXT[c.provider]} asked us to slow down. The sync continues by itself
          {c.throttledUntil ? ` at ${formatTimeOrDateTime(c.throttledUntil)}` : ''}; no change is lost.
        </p>
      );
    case 'error':
      return (
        <p>
          {c.lastError?.message ?? 'The last sync failed.'}
          {c.lastError?.nextRetryAt ? ` The next try is at ${formatDateTime(c.lastError.nextRetryAt)}.` : ''}
        </p>
      );
    default:
      return null;
  }
}

function ReauthorizeButton({ provider, email }: { provider: Provider; email: string }) {
  const authorize = useAuthorize();
  return (
    <div className="stack">
      <div>
        <button
          type="button"
          className="primary"
          disabled={authorize.isPending || authorize.isSuccess}
          onClick={() => authorize.mutate({ provider, email })}
        >
          Reauthorize
        </button>
      </div>
      <div aria-live="polite">
        {authorize.isError && <p className="message error">{authorize.error.message}</p>}
      </div>
    </div>
  );
}

function DisconnectButton({ provider }: { provider: Provider }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) box.current?.focus();
  }, [confirming]);
  const disconnect = useMutation({
    mutationFn: () => api<void>('/api/sync/connection', { method: 'DELETE' }),
    onSuccess: () => {
      setConnection(queryClient, null);
      void queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });

  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Disconnect
      </button>
    );
  }
  return (
    <div
      ref={box}
      className="confirm"
      role="alertdialog"
      aria-labelledby="disconnect-title"
      aria-describedby="disconnect-text"
      tabIndex={-1}
    >
      <p id="disconnect-title">
        <strong>Disconnect {PROVIDER_TEXT[provider]}?</strong>
      </p>
      <p id="disconnect-text">
        The sync stops and our access to your {providerAddressBook(provider)} is revoked. Every contact stays
        here, and your address book keeps its contacts too.
      </p>
      {disconnect.isError && (
        <p className="message error" role="alert">
          {disconnect.error.message}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={disconnect.isPending}
          onClick={() => disconnect.mutate()}
        >
          Yes, disconnect
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
