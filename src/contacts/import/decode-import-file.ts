import { AppError } from '../../server/errors.ts';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Turns an uploaded file into text. UTF-8 is assumed unless a byte-order mark says UTF-16; bytes
 * that are not valid in that encoding (a Windows-1252 "é", a spreadsheet binary) are refused rather
 * than imported as garbled names.
 */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new AppError('import_empty_file');
  const text = decodeStrictly(bytes, encodingOf(bytes));
  // A NUL cannot occur in a text export; it means UTF-16 without a byte-order mark, or a binary file.
  if (text.includes('\u0000')) throw new AppError('import_invalid_encoding');
  if (text.trim() === '') throw new AppError('import_empty_file');
  return text;
}

function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The decoder drops the byte-order mark itself (ignoreBOM is false). */
function decodeStrictly(bytes: Uint8Array, encoding: Encoding): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error: unknown) {
    if (error instanceof TypeError) throw new AppError('import_invalid_encoding');
    throw error;
  }
}
