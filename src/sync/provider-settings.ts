import type { Config } from '../config.ts';
import type { ProviderName } from '../providers/provider.ts';
import type { OAuthProviderSettings } from './oauth-flow.ts';

export interface ProviderEndpoints extends OAuthProviderSettings {
  apiBaseUrl: string;
  /** Backed by the built-in emulator (no credentials configured). */
  demo: boolean;
}

const GOOGLE_SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/contacts'];
// Offline access for a refresh token; consent forces Google to issue one again on a reconnect.
const GOOGLE_AUTHORIZE = { access_type: 'offline', prompt: 'consent' };

/**
 * Where each provider is: the real services when credentials are configured, otherwise the
 * built-in emulator started for demo mode (`demo.googleUrl`).
 */
export function providerEndpoints(
  config: Config,
  demo: { googleUrl?: string } = {},
): Partial<Record<ProviderName, ProviderEndpoints>> {
  const endpoints: Partial<Record<ProviderName, ProviderEndpoints>> = {};
  if (config.google) {
    endpoints.google = {
      provider: 'google',
      issuerUrl: config.google.issuerUrl,
      apiBaseUrl: config.google.peopleApiUrl,
      clientId: config.google.clientId,
      clientSecret: config.google.clientSecret,
      scopes: GOOGLE_SCOPES,
      authorizeParameters: GOOGLE_AUTHORIZE,
      demo: false,
    };
  } else if (demo.googleUrl) {
    endpoints.google = {
      provider: 'google',
      issuerUrl: demo.googleUrl,
      apiBaseUrl: demo.googleUrl,
      clientId: 'contact-sync-demo',
      clientSecret: 'demo',
      scopes: GOOGLE_SCOPES,
      authorizeParameters: GOOGLE_AUTHORIZE,
      demo: true,
    };
  }
  return endpoints;
}
