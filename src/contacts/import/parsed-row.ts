import { ERROR_CATALOGUE, type ErrorCode } from '../../server/errors.ts';
import { contactLabel, isEmptyContact, type MappedRow, type RowError } from './contact-input.ts';

export type ImportFormat = 'google-csv' | 'outlook-csv' | 'plain-csv' | 'vcard';

export interface ParsedRow {
  /** 1-based: the CSV data-row number (header excluded) or the vCard card number. */
  row: number;
  /** Shaped like `contactCreateSchema` input without `type`; the importer validates it. */
  input?: Record<string, unknown>;
  /** Set when the row cannot even be mapped to a contact (unreadable record, unreadable birthday). */
  error?: { code: ErrorCode; message: string; path?: string };
  /** A short human label for the report, e.g. "Ada Lovelace" or the first email. */
  label?: string;
}

/** A file's rows, produced one at a time so that a large file is never held mapped all at once. */
export interface ImportRows {
  format: ImportFormat;
  total: number;
  rows: Iterable<ParsedRow>;
}

export function rowFromError(row: number, error: RowError): ParsedRow {
  return { row, error };
}

/** A mapped contact becomes an input row; one with no field at all is reported rather than created blank. */
export function rowFromMapped(row: number, mapped: MappedRow): ParsedRow {
  const label = contactLabel(mapped.contact);
  const parsed: ParsedRow = { row };
  if (label !== undefined) parsed.label = label;
  if (mapped.error) parsed.error = mapped.error;
  else if (isEmptyContact(mapped.contact)) parsed.error = NOTHING_TO_IMPORT;
  else parsed.input = mapped.contact;
  return parsed;
}

const NOTHING_TO_IMPORT: RowError = { code: 'empty_row', message: ERROR_CATALOGUE.empty_row.message };
