import type { FastifyReply } from 'fastify';
import type { OAuthGrants, PendingConsent } from './oauth-grants.ts';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What each scope allows, in plain words (the emulators' own wording), keyed by its last segment. */
const SCOPE_TEXT: Record<string, string> = {
  openid: 'Confirm who you are when you sign in',
  email: "Read your account's email address",
  profile: 'Read your name and profile picture',
  contacts: 'Read, change and delete your contacts',
  'contacts.readonly': 'Read your contacts',
  'Contacts.ReadWrite': 'Read, change and delete your contacts',
  'Contacts.Read': 'Read your contacts',
  'User.Read': 'Sign you in and read your profile',
  offline_access: 'Keep this access until you remove it, without asking you again',
};

function scopeItem(scope: string): string {
  const text = SCOPE_TEXT[scope.replace(/^.*\//, '')];
  const raw = `<span class="scope">${escapeHtml(scope)}</span>`;
  return text ? `<li>${escapeHtml(text)}${raw}</li>` : `<li>${raw}</li>`;
}

/**
 * A consent screen in the manner of a provider's, plainly labelled as a demo: the account to sign
 * in as (pre-filled from login_hint), the app asking, the scopes it wants, and Allow / Deny.
 */
export function renderConsentPage(input: {
  providerName: string;
  consent: PendingConsent;
  actionPath: string;
  knownAccounts: string[];
}): string {
  const { consent } = input;
  const scopes = consent.scope.split(/\s+/).filter(Boolean).map(scopeItem).join('');
  const options = input.knownAccounts
    .map((email) => `<option value="${escapeHtml(email)}"></option>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – ${escapeHtml(input.providerName)} (demo)</title><link rel="icon" href="data:,">
<style>
  body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; color: #1f2937; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
  .badge { display: inline-block; background: #fef3c7; color: #92400e; font-size: .8rem; padding: .2rem .6rem; border-radius: 999px; }
  h1 { font-size: 1.4rem; margin: .8rem 0 .4rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #9ca3af; border-radius: 6px; margin-top: .3rem; }
  ul { padding-left: 1.2rem; color: #374151; }
  li { margin-bottom: .5rem; }
  .scope { display: block; font-size: .75rem; color: #6b7280; word-break: break-all; }
  .actions { display: flex; gap: .8rem; justify-content: flex-end; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: 6px; border: 1px solid #2563eb; cursor: pointer; }
  button[value=allow] { background: #2563eb; color: #fff; }
  button[value=deny] { background: #fff; color: #2563eb; }
  button:focus-visible, input:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
</style></head>
<body><main>
  <span class="badge">Demo account · local emulator, not ${escapeHtml(input.providerName.replace(/^Demo /, ''))}</span>
  <h1>${escapeHtml(input.providerName)}</h1>
  <p>The app <strong>${escapeHtml(consent.clientId)}</strong> wants to access your account.</p>
  <form method="post" action="${escapeHtml(input.actionPath)}">
    <input type="hidden" name="consent" value="${escapeHtml(consent.id)}">
    <label for="email">Account email</label>
    <input id="email" name="email" type="email" required autocomplete="email" list="accounts" value="${escapeHtml(consent.loginHint ?? '')}">
    <datalist id="accounts">${options}</datalist>
    <p>This will allow it to:</p>
    <ul aria-label="Requested permissions">${scopes}</ul>
    <div class="actions">
      <button type="submit" name="decision" value="deny">Deny</button>
      <button type="submit" name="decision" value="allow">Allow</button>
    </div>
  </form>
</main></body></html>`;
}

/** Sends the browser back to the client: a code on Allow, `access_denied` on Deny. */
export function redirectAfterConsent(
  reply: FastifyReply,
  grants: OAuthGrants,
  consent: PendingConsent,
  outcome: { allow: true; email: string } | { allow: false },
) {
  const target = new URL(consent.redirectUri);
  if (outcome.allow) {
    target.searchParams.set('code', grants.issueCode(consent, outcome.email));
  } else {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied access.');
  }
  if (consent.state !== undefined) target.searchParams.set('state', consent.state);
  return reply.redirect(target.toString(), 302);
}
