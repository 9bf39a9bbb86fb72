import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { parseImportFile } from './index.ts';

function thrownCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('detecting the format of an import file', () => {
  it.each([
    [
      'a Google export (current layout)',
      'First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\n',
      'google-csv',
    ],
    ['a Google export (older layout)', 'Name,Given Name,Family Name,Group Membership\n', 'google-csv'],
    ['an Outlook export', 'First Name,Last Name,E-mail Address,Mobile Phone,Business Phone\n', 'outlook-csv'],
    ['a hand-made file', 'first_name,last_name,email\n', 'plain-csv'],
    [
      'a hand-made file that shares two column names with Outlook',
      'First Name,Mobile Phone,Home Phone\n',
      'plain-csv',
    ],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n', 'vcard'],
    [
      'a vCard in lower case after blank lines',
      '\n\n  begin:vcard\nversion:3.0\nfn:Ada\nend:vcard\n',
      'vcard',
    ],
  ])('recognises %s', (_case, text, format) => {
    expect(parseImportFile(text).format).toBe(format);
  });

  it.each([
    ['a semicolon', 'First Name;Last Name;Email\nAda;Lovelace;ada@example.com\n'],
    ['a tab', 'First Name\tLast Name\tEmail\nAda\tLovelace\tada@example.com\n'],
  ])('reads a CSV separated by %s when its header has no comma', (_case, text) => {
    const { rows } = parseImportFile(text);
    expect(rows[0]?.input).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      emails: [{ address: 'ada@example.com', label: 'other' }],
    });
  });

  it.each([
    ['a CSV with no column we know', 'Colour,Shape\nblue,round\n', 'import_unknown_format'],
    ['a CSV whose header cannot be read', '"First Name,Last Name\nAda,Lovelace\n', 'import_malformed_csv'],
    ['a file of blank lines', '\n \r\n', 'import_empty_file'],
  ])('refuses %s', (_case, text, code) => {
    expect(thrownCode(() => parseImportFile(text))).toBe(code);
  });

  it('reads a header-only CSV as a file without rows', () => {
    expect(parseImportFile('First Name,Email\r\n')).toEqual({ format: 'plain-csv', rows: [] });
  });
});
