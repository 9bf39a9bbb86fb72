import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImportFile } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');

describe('reading CSV records', () => {
  it('reports a record with broken quoting and still imports the good rows around it', () => {
    const { rows } = parseImportFile(fixture('broken-quoting.csv'));

    expect(rows.map((row) => [row.row, row.label ?? row.error?.code])).toEqual([
      [1, 'Ada Lovelace'],
      [2, 'import_malformed_csv'],
      [3, 'Carl Jones'],
      [4, 'import_malformed_csv'],
      [5, 'Eve Adams'],
    ]);
    expect(rows[0]?.input?.notes).toBe('A note\non two lines');
    expect(rows[1]?.error?.message).toMatch(/line 4/);
    expect(rows[2]?.input?.notes).toBe('quoted, with a comma');
    expect(rows[3]?.error?.message).toMatch(/line 6.*quote/);
  });

  it('reports an unclosed quote near the end of the file as one bad row, between accented rows', () => {
    const { rows } = parseImportFile(
      'First Name,Email\nZoë,zoe@example.com\n"Bob,bob@example.com\nRené,rene@example.com\n',
    );

    expect(rows.map((row) => row.label ?? row.error?.code)).toEqual(['Zoë', 'import_malformed_csv', 'René']);
  });

  it('reports a row with more values than the header has columns', () => {
    const { rows } = parseImportFile('First Name,City\nAda,London, UK\nBob,Paris,\n');

    expect(rows[0]?.error).toMatchObject({ code: 'import_malformed_csv' });
    expect(rows[0]?.error?.message).toMatch(/3 values but the header has 2 columns/);
    expect(rows[1]?.input).toMatchObject({ firstName: 'Bob' });
  });

  it('fills the missing cells of a short row with nothing', () => {
    const { rows } = parseImportFile('First Name,Last Name,Email\nAda\n');
    expect(rows[0]?.input).toEqual({ firstName: 'Ada' });
  });

  it('skips blank rows silently but keeps the numbering of the rows after them', () => {
    const { rows } = parseImportFile(
      'First Name,Email\r\nAda,a@example.com\r\n\r\n , \r\nBob,b@example.com\r\n',
    );
    expect(rows.map((row) => [row.row, row.label])).toEqual([
      [1, 'Ada'],
      [4, 'Bob'],
    ]);
  });
});
