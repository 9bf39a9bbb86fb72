import { AppError } from '../../server/errors.ts';
import { type CsvLayout, cellLookupFor } from './csv-layout.ts';
import { readCsvTable } from './csv-table.ts';
import { googleCsvLayout } from './google-csv.ts';
import { outlookCsvLayout } from './outlook-csv.ts';
import { type ImportRows, type ParsedRow, rowFromError, rowFromMapped } from './parsed-row.ts';
import { plainCsvLayout } from './plain-csv.ts';

/** Most distinctive first: a Google or Outlook header also contains columns the plain layout knows. */
const LAYOUTS: readonly CsvLayout[] = [googleCsvLayout, outlookCsvLayout, plainCsvLayout];

/** Reads the header and records; rows are mapped lazily, as the importer takes them. */
export function readCsvFile(text: string): ImportRows {
  const { header, records } = readCsvTable(text);
  const layout = LAYOUTS.find((candidate) => candidate.recognises(header));
  if (!layout) {
    throw new AppError(
      'import_unknown_format',
      'No column of this CSV file is one we know (for example "First Name", "Email" or "Phone").',
    );
  }

  const mapRow = layout.rowMapper(header);
  const lookup = cellLookupFor(header);
  function* rows(): Generator<ParsedRow> {
    for (const record of records) {
      yield 'error' in record
        ? rowFromError(record.row, record.error)
        : rowFromMapped(record.row, mapRow(lookup(record.cells)));
    }
  }
  return { format: layout.format, total: records.length, rows: rows() };
}
