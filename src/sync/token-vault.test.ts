import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenVault } from './token-vault.ts';

describe('the token vault', () => {
  const vault = TokenVault.fromKey(randomBytes(32).toString('base64'));

  it('opens what it sealed, and the sealed text shows nothing of the tokens', () => {
    const tokens = { refreshToken: 'rt-secret-value', accessToken: 'at-secret' };
    const sealed = vault.seal(tokens);
    expect(sealed).not.toContain('secret');
    expect(vault.open(sealed)).toEqual(tokens);
  });

  it('refuses a sealed value that was tampered with', () => {
    const sealed = vault.seal({ a: 1 });
    const parts = sealed.split('.');
    parts[3] = Buffer.from('{"a":2}').toString('base64');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => TokenVault.fromKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('generates a key file readable by its owner only, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-'));
    try {
      const first = await TokenVault.fromDataDir(dir);
      const sealed = first.seal('x');
      expect((await stat(join(dir, 'token.key'))).mode & 0o777).toBe(0o600);
      expect((await TokenVault.fromDataDir(dir)).open(sealed)).toBe('x');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
