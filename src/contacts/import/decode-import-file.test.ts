import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { decodeImportFile } from './decode-import-file.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url));

function thrownCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('decoding an uploaded import file', () => {
  it.each([
    ['an empty file', fixture('empty.csv'), 'import_empty_file'],
    [
      'a file of only a UTF-8 byte-order mark and blank lines',
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x20, 0x0a),
      'import_empty_file',
    ],
    ['a file of only a UTF-16 byte-order mark', Uint8Array.of(0xff, 0xfe), 'import_empty_file'],
    ['a Windows-1252 file with an é', fixture('windows-1252.csv'), 'import_invalid_encoding'],
    ['UTF-16 without a byte-order mark', Buffer.from('Name\n', 'utf16le'), 'import_invalid_encoding'],
    [
      'UTF-16LE cut in the middle of a character',
      Uint8Array.of(0xff, 0xfe, 0x41, 0x00, 0x42),
      'import_invalid_encoding',
    ],
  ])('refuses %s', (_case, bytes, code) => {
    expect(thrownCode(() => decodeImportFile(bytes))).toBe(code);
  });

  it('reads a UTF-16LE file with a byte-order mark', () => {
    const text = decodeImportFile(fixture('utf16le-bom.csv'));
    expect(text.startsWith('First Name,Last Name,Email')).toBe(true);
    expect(text).toContain('Zoë,Ångström');
  });

  it('reads a UTF-16BE file with a byte-order mark', () => {
    const body = Buffer.from('First Name\nRené\n', 'utf16le').swap16();
    expect(decodeImportFile(Buffer.concat([Buffer.of(0xfe, 0xff), body]))).toBe('First Name\nRené\n');
  });

  it('drops a UTF-8 byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from('First Name\nRené\n')]);
    expect(decodeImportFile(bytes)).toBe('First Name\nRené\n');
  });
});
