import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

let signingKey: SigningKey | undefined;

/**
 * The RSA key that signs ID tokens, made on first use and kept for the process: generating one
 * takes tens of milliseconds, too slow to repeat for every emulator a test file starts.
 */
function key(): SigningKey {
  if (signingKey) return signingKey;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = createHash('sha256').update(String(jwk.n)).digest('hex').slice(0, 40);
  signingKey = { kid, privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
  return signingKey;
}

/** The JWKS published at `/oauth2/v3/certs`. */
export function jwks() {
  return { keys: [key().jwk] };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An RS256 ID token like Google's, for clients asking for the `openid` scope. */
export function signIdToken(claims: {
  issuer: string;
  clientId: string;
  subject: string;
  email: string;
  nowMs: number;
  ttlSeconds: number;
}): string {
  const { kid, privateKey } = key();
  const iat = Math.floor(claims.nowMs / 1000);
  const header = base64url({ alg: 'RS256', kid, typ: 'JWT' });
  const payload = base64url({
    iss: claims.issuer,
    azp: claims.clientId,
    aud: claims.clientId,
    sub: claims.subject,
    email: claims.email,
    email_verified: true,
    iat,
    exp: iat + claims.ttlSeconds,
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
