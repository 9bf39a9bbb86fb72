import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { Db } from '../db/database.ts';
import { oauthStates } from '../db/schema.ts';
import { ProviderError, type ProviderName } from '../providers/provider.ts';
import { AppError } from '../server/errors.ts';

/** Where a provider's OAuth server is and how we are registered with it. */
export interface OAuthProviderSettings {
  provider: ProviderName;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Extra authorize parameters (Google: access_type=offline, prompt=consent). */
  authorizeParameters: Record<string, string>;
}

export interface StoredTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const STATE_TTL_MS = 15 * 60 * 1000;
const REFRESH_MARGIN_MS = 60 * 1000;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** True only for plain-http issuers on this machine: the emulators in tests and demo mode. */
function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]')
  );
}

/** openid-client configurations, discovered once per issuer and client. */
export class OAuthClients {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  configuration(settings: OAuthProviderSettings): Promise<oidc.Configuration> {
    const key = `${settings.issuerUrl}|${settings.clientId}`;
    let found = this.configurations.get(key);
    if (!found) {
      const insecure = isLoopbackHttp(settings.issuerUrl);
      found = oidc.discovery(
        new URL(settings.issuerUrl),
        settings.clientId,
        settings.clientSecret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      found.catch(() => this.configurations.delete(key));
      this.configurations.set(key, found);
    }
    return found;
  }

  /** Starts an authorization: a single-use state bound to this browser session, PKCE S256. */
  async start(
    db: Db,
    input: {
      ownerId: string;
      sessionToken: string;
      settings: OAuthProviderSettings;
      email: string;
      redirectUri: string;
    },
  ): Promise<string> {
    const configuration = await this.configuration(input.settings);
    const state = randomBytes(24).toString('base64url');
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date()));
    await db.insert(oauthStates).values({
      stateHash: sha256(state),
      ownerId: input.ownerId,
      sessionHash: sha256(input.sessionToken),
      provider: input.settings.provider,
      accountEmail: input.email,
      codeVerifier,
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: input.redirectUri,
      scope: input.settings.scopes.join(' '),
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      login_hint: input.email,
      ...input.settings.authorizeParameters,
    });
    return url.toString();
  }

  /**
   * Finishes an authorization at the callback: the state must be ours, unused, unexpired and from
   * the same browser session; then the code is exchanged (PKCE) for tokens.
   */
  async finish(
    db: Db,
    input: {
      sessionToken: string | undefined;
      callbackUrl: URL;
      settingsFor: (provider: ProviderName) => OAuthProviderSettings;
    },
  ) {
    const state = input.callbackUrl.searchParams.get('state');
    if (!state) throw new AppError('oauth_state_invalid');
    const [row] = await db
      .delete(oauthStates)
      .where(and(eq(oauthStates.stateHash, sha256(state)), gt(oauthStates.expiresAt, new Date())))
      .returning();
    if (!row || !input.sessionToken || row.sessionHash !== sha256(input.sessionToken)) {
      throw new AppError('oauth_state_invalid');
    }
    const denied = input.callbackUrl.searchParams.get('error');
    if (denied) return { ok: false as const, ownerId: row.ownerId, reason: denied };

    const settings = input.settingsFor(row.provider as ProviderName);
    const configuration = await this.configuration(settings);
    const tokens = await oidc.authorizationCodeGrant(configuration, input.callbackUrl, {
      pkceCodeVerifier: row.codeVerifier,
      expectedState: state,
    });
    return {
      ok: true as const,
      ownerId: row.ownerId,
      provider: row.provider as ProviderName,
      expectedEmail: row.accountEmail,
      signedInEmail: (tokens.claims()?.email as string | undefined)?.toLowerCase(),
      tokens: toStoredTokens(tokens, null),
    };
  }

  /** A fresh access token; the refresh token is replaced when the provider rotates it. */
  async refresh(settings: OAuthProviderSettings, current: StoredTokens): Promise<StoredTokens> {
    if (!current.refreshToken) throw new ProviderError('auth-revoked', 'No refresh token was granted.');
    const configuration = await this.configuration(settings);
    try {
      const tokens = await oidc.refreshTokenGrant(configuration, current.refreshToken);
      return toStoredTokens(tokens, current.refreshToken);
    } catch (error: unknown) {
      throw classifyTokenError(error);
    }
  }

  async revoke(settings: OAuthProviderSettings, tokens: StoredTokens): Promise<void> {
    const configuration = await this.configuration(settings);
    if (!configuration.serverMetadata().revocation_endpoint) return;
    await oidc.tokenRevocation(configuration, tokens.refreshToken ?? tokens.accessToken);
  }
}

export function needsRefresh(tokens: StoredTokens, now = Date.now()): boolean {
  return tokens.expiresAt - REFRESH_MARGIN_MS <= now;
}

function toStoredTokens(
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previousRefreshToken: string | null,
): StoredTokens {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previousRefreshToken,
    expiresAt: Date.now() + (tokens.expiresIn() ?? 3600) * 1000,
  };
}

/** invalid_grant means the person or provider withdrew the grant; anything else may pass. */
function classifyTokenError(error: unknown): ProviderError {
  if (error instanceof oidc.ResponseBodyError) {
    if (error.error === 'invalid_grant') {
      return new ProviderError('auth-revoked', error.error_description ?? 'The grant was revoked.', {
        providerCode: error.error,
        status: error.status,
      });
    }
    const kind =
      error.status >= 500 || error.error === 'temporarily_unavailable' ? 'temporary' : 'auth-revoked';
    return new ProviderError(kind, error.error_description ?? error.error, {
      providerCode: error.error,
      status: error.status,
    });
  }
  return new ProviderError(
    'temporary',
    error instanceof Error ? error.message : 'The token endpoint failed.',
  );
}
