import { AppError } from '../../server/errors.ts';
import { readCsvFile } from './csv-file.ts';
import type { ImportFormat, ImportRows, ParsedRow } from './parsed-row.ts';
import { parseVCardFile } from './vcard.ts';

export { decodeImportFile } from './decode-import-file.ts';
export type { ImportFormat, ImportRows, ParsedRow } from './parsed-row.ts';

/**
 * Detects the format of a decoded import file and reads it row by row. Throws only when nothing can
 * be read at all; a row that cannot be read is reported in its own `error`.
 */
export function readImportFile(text: string): ImportRows {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new AppError('import_empty_file');
  if (/^\s*BEGIN:VCARD/i.test(body)) {
    const rows = parseVCardFile(body);
    return { format: 'vcard', total: rows.length, rows };
  }
  return readCsvFile(body);
}

/** The same as readImportFile, with every row mapped at once. */
export function parseImportFile(text: string): { format: ImportFormat; rows: ParsedRow[] } {
  const { format, rows } = readImportFile(text);
  return { format, rows: [...rows] };
}
