import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const VERSION = 'v1';

/** Seals provider tokens at rest with AES-256-GCM; the key never leaves configuration. */
export class TokenVault {
  private constructor(private readonly key: Buffer) {}

  static fromKey(keyBase64: string): TokenVault {
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded.');
    return new TokenVault(key);
  }

  /** The embedded default: a key generated once into the data folder, readable by its owner only. */
  static async fromDataDir(dataDir: string): Promise<TokenVault> {
    const path = join(dataDir, 'token.key');
    try {
      return TokenVault.fromKey((await readFile(path, 'utf8')).trim());
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dataDir, { recursive: true });
      await writeFile(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
        () => undefined,
      );
      await chmod(path, 0o600);
      return TokenVault.fromKey((await readFile(path, 'utf8')).trim());
    }
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join('.');
  }

  open<T>(sealed: string): T {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || !body)
      throw new Error('Sealed tokens are not in a known format.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text) as T;
  }
}
