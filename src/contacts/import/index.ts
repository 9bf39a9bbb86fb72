import { AppError } from '../../server/errors.ts';
import { parseCsvFile } from './csv-file.ts';
import type { ImportFormat, ParsedRow } from './parsed-row.ts';
import { parseVCardFile } from './vcard.ts';

export { decodeImportFile } from './decode-import-file.ts';
export type { ImportFormat, ParsedRow } from './parsed-row.ts';

/**
 * Detects the format of a decoded import file and reads it row by row. Throws only when nothing can
 * be read at all; a row that cannot be read is reported in its own `error`.
 */
export function parseImportFile(text: string): { format: ImportFormat; rows: ParsedRow[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new AppError('import_empty_file');
  if (/^\s*BEGIN:VCARD/i.test(body)) return { format: 'vcard', rows: parseVCardFile(body) };
  return parseCsvFile(body);
}
