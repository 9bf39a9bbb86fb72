import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../server/errors.ts';
import type { RowError } from './contact-input.ts';

export type CsvRecord = { row: number; cells: string[] } | { row: number; error: RowError };

export interface CsvTable {
  header: string[];
  /** Data records in file order; rows whose cells are all blank are left out but keep their number. */
  records: CsvRecord[];
}

interface ParsePass {
  records: { cells: string[]; endLine: number }[];
  failure?: string;
}

/**
 * Reads a CSV file record by record. csv-parse stops at the first broken record and, left to itself,
 * its recovery can swallow many good lines after a stray quote. So a broken record is reported as
 * one row, and reading starts again on the line after the one where that record began.
 */
export function readCsvTable(text: string): CsvTable {
  const source = text.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(firstLine(source.trimStart()));
  // Encoded once: csv-parse reads bytes, and a restart then only takes a view of the remaining ones.
  const bytes = Buffer.from(source, 'utf8');
  const lineStarts = lineStartOffsets(bytes);
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  let row = 0;
  let line = 1;

  while (line <= lineStarts.length) {
    const pass = parseFromLine(bytes.subarray(lineStarts[line - 1]), delimiter, line);
    for (const { cells } of pass.records) {
      if (isBlank(cells)) {
        if (header) row += 1;
        continue;
      }
      if (!header) header = cells.map((cell) => cell.trim());
      else records.push(checkWidth(++row, cells, header.length));
    }
    if (pass.failure === undefined) break;

    const brokenLine = (pass.records.at(-1)?.endLine ?? line - 1) + 1;
    if (!header)
      throw new AppError('import_malformed_csv', `The header line cannot be read: ${pass.failure}.`);
    records.push({ row: ++row, error: brokenRecord(brokenLine, pass.failure) });
    line = brokenLine + 1;
  }

  if (!header) throw new AppError('import_malformed_csv', 'The file has no header line.');
  return { header, records };
}

function parseFromLine(bytes: Buffer, delimiter: string, firstLineNumber: number): ParsePass {
  const records: ParsePass['records'] = [];
  try {
    parse(bytes, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (cells: string[], context) => {
        records.push({ cells, endLine: firstLineNumber - 1 + context.lines });
        return null;
      },
    });
    return { records };
  } catch (error: unknown) {
    if (error instanceof CsvError) return { records, failure: describeCsvError(error) };
    throw error;
  }
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") appears inside a value that does not start with one';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote (") is followed by more text in the same value';
    default:
      return error.message;
  }
}

function brokenRecord(line: number, reason: string): RowError {
  return {
    code: 'import_malformed_csv',
    message: `The record starting on line ${line} cannot be read: ${reason}.`,
  };
}

/** More filled cells than columns usually means an unquoted comma shifted the values: report, don't guess. */
function checkWidth(row: number, cells: string[], columns: number): CsvRecord {
  const extra = cells.slice(columns).filter((cell) => cell.trim() !== '');
  if (extra.length === 0) return { row, cells };
  const message = `The row has ${columns + extra.length} values but the header has ${columns} columns (an unquoted separator inside a value?).`;
  return { row, error: { code: 'import_malformed_csv', message } };
}

/** Spreadsheets in some locales save with ";" or tabs; only a header without commas is read that way. */
function detectDelimiter(headerLine: string): string {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes('\t')) return '\t';
  if (headerLine.includes(';')) return ';';
  return ',';
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

const LINE_FEED = 0x0a;

function lineStartOffsets(bytes: Buffer): number[] {
  const starts = [0];
  for (let index = bytes.indexOf(LINE_FEED); index !== -1; index = bytes.indexOf(LINE_FEED, index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
