import { createHash, randomBytes } from 'node:crypto';
import type { CommonSettings } from './settings.ts';

/**
 * The provider-neutral part of an OAuth 2.0 authorization server: clients, pending consents,
 * authorization codes with PKCE, access and refresh tokens, revocation. Each emulator wraps it in
 * its provider's endpoints and error bodies.
 */

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  loginHint: string | undefined;
  offline: boolean;
}

export interface PendingConsent extends AuthorizeRequest {
  id: string;
  createdAt: number;
}

interface CodeGrant extends AuthorizeRequest {
  email: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessGrant {
  email: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

interface RefreshGrant {
  email: string;
  clientId: string;
  scope: string;
  revoked: boolean;
  createdAt: number;
}

export type GrantFailure =
  | 'invalid_client'
  | 'invalid_redirect_uri'
  | 'invalid_code'
  | 'code_reused'
  | 'code_expired'
  | 'pkce_mismatch'
  | 'redirect_mismatch'
  | 'client_mismatch'
  | 'invalid_refresh_token'
  | 'revoked';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
  scope: string;
  email: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: GrantFailure };

const CODE_TTL_MS = 10 * 60 * 1000;

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export class OAuthGrants {
  private pending = new Map<string, PendingConsent>();
  private codes = new Map<string, CodeGrant>();
  private access = new Map<string, AccessGrant>();
  private refresh = new Map<string, RefreshGrant>();

  constructor(
    private readonly settings: () => CommonSettings,
    private readonly now: () => number = Date.now,
    private readonly tokenPrefix = '',
  ) {}

  /** Checks the client and redirect URI against the registered clients (any is accepted when none are). */
  checkClient(clientId: string, redirectUri?: string, clientSecret?: string): GrantFailure | undefined {
    const clients = this.settings().clients;
    if (clients === null) return undefined;
    const client = clients.find((c) => c.clientId === clientId);
    if (!client) return 'invalid_client';
    if (
      clientSecret !== undefined &&
      client.clientSecret !== undefined &&
      client.clientSecret !== clientSecret
    )
      return 'invalid_client';
    if (redirectUri !== undefined && client.redirectUris && !client.redirectUris.includes(redirectUri))
      return 'invalid_redirect_uri';
    return undefined;
  }

  startConsent(request: AuthorizeRequest): PendingConsent {
    const consent = { ...request, id: randomBytes(12).toString('hex'), createdAt: this.now() };
    this.pending.set(consent.id, consent);
    return consent;
  }

  takeConsent(id: string): PendingConsent | undefined {
    const consent = this.pending.get(id);
    this.pending.delete(id);
    return consent;
  }

  /** The person allowed access as `email`: an authorization code for the client. */
  issueCode(request: AuthorizeRequest, email: string): string {
    const code = token(`${this.tokenPrefix}code-`);
    this.codes.set(code, { ...request, email, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  exchangeCode(input: {
    code: string;
    clientId: string;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
  }): Result<IssuedTokens> {
    const grant = this.codes.get(input.code);
    if (!grant) return { ok: false, failure: 'invalid_code' };
    if (grant.used) return { ok: false, failure: 'code_reused' };
    grant.used = true;
    if (grant.expiresAt < this.now()) return { ok: false, failure: 'code_expired' };
    if (grant.clientId !== input.clientId) return { ok: false, failure: 'client_mismatch' };
    if (grant.redirectUri !== input.redirectUri) return { ok: false, failure: 'redirect_mismatch' };
    if (!pkceMatches(grant, input.codeVerifier)) return { ok: false, failure: 'pkce_mismatch' };
    return { ok: true, value: this.issueTokens(grant.email, grant.clientId, grant.scope, grant.offline) };
  }

  /** Refresh; with `rotate` the answer carries a new refresh token (Microsoft), the old one staying valid. */
  refreshTokens(refreshToken: string, clientId: string, rotate: boolean): Result<IssuedTokens> {
    const grant = this.refresh.get(refreshToken);
    if (!grant) return { ok: false, failure: 'invalid_refresh_token' };
    if (grant.revoked) return { ok: false, failure: 'revoked' };
    if (grant.clientId !== clientId) return { ok: false, failure: 'client_mismatch' };
    const issued = this.issueTokens(grant.email, clientId, grant.scope, rotate);
    return { ok: true, value: rotate ? issued : { ...issued, refreshToken: undefined } };
  }

  issueTokens(email: string, clientId: string, scope: string, withRefresh: boolean): IssuedTokens {
    const ttl = this.settings().accessTokenTtlSeconds;
    const accessToken = token(`${this.tokenPrefix}at-`);
    this.access.set(accessToken, { email, clientId, scope, expiresAt: this.now() + ttl * 1000 });
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = token(`${this.tokenPrefix}rt-`);
      this.refresh.set(refreshToken, { email, clientId, scope, revoked: false, createdAt: this.now() });
    }
    return { accessToken, refreshToken, expiresIn: ttl, scope, email };
  }

  /** 'missing' for an unknown token, 'expired' past its lifetime (or after a revoke). */
  verifyAccessToken(value: string | undefined): AccessGrant | 'missing' | 'expired' {
    if (!value) return 'missing';
    const grant = this.access.get(value);
    if (!grant) return 'missing';
    if (grant.expiresAt <= this.now()) return 'expired';
    return grant;
  }

  /** Revokes one token (access or refresh); revoking a refresh token ends its access tokens too. */
  revokeToken(value: string): boolean {
    const refresh = this.refresh.get(value);
    if (refresh) {
      refresh.revoked = true;
      this.expireAccess((g) => g.email === refresh.email && g.clientId === refresh.clientId);
      return true;
    }
    const access = this.access.get(value);
    if (access) {
      access.expiresAt = 0;
      return true;
    }
    return false;
  }

  /** The person removed the app's access: every token of the account stops working. */
  revokeAccount(email: string): void {
    for (const grant of this.refresh.values()) if (grant.email === email) grant.revoked = true;
    this.expireAccess((g) => g.email === email);
  }

  /** Makes every access token of the account expire now (refresh tokens keep working). */
  expireAccessTokens(email: string): void {
    this.expireAccess((g) => g.email === email);
  }

  reset(): void {
    this.pending.clear();
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
  }

  private expireAccess(match: (grant: AccessGrant) => boolean): void {
    for (const grant of this.access.values()) if (match(grant)) grant.expiresAt = 0;
  }
}

function pkceMatches(grant: AuthorizeRequest, verifier: string | undefined): boolean {
  if (!grant.codeChallenge) return true;
  if (!verifier) return false;
  if ((grant.codeChallengeMethod ?? 'plain') === 'plain') return verifier === grant.codeChallenge;
  return createHash('sha256').update(verifier).digest('base64url') === grant.codeChallenge;
}
