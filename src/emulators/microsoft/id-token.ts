import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The RSA key an emulator signs id_tokens with, made on first use (key generation takes a moment). */
export class IdTokenSigner {
  private key: { privateKey: KeyObject; publicKey: KeyObject; kid: string } | undefined;

  sign(claims: Record<string, unknown>): string {
    const { privateKey, kid } = this.keys();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ typ: 'JWT', alg: 'RS256', kid })}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  jwks(): { keys: object[] } {
    const { publicKey, kid } = this.keys();
    const jwk = publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: jwk.kty, use: 'sig', kid, n: jwk.n, e: jwk.e }] };
  }

  private keys() {
    if (!this.key) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const der = publicKey.export({ format: 'der', type: 'spki' });
      this.key = {
        privateKey,
        publicKey,
        kid: createHash('sha1').update(der).digest('base64url').slice(0, 27),
      };
    }
    return this.key;
  }
}
