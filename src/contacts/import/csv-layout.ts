import type { MappedRow } from './contact-input.ts';
import type { ImportFormat } from './parsed-row.ts';

/** A cell of the current row by column name (case-insensitive), trimmed; undefined when blank or absent. */
export type CellLookup = (column: string) => string | undefined;

export type CsvRowMapper = (cell: CellLookup) => MappedRow;

/** One CSV layout this importer understands: how to recognise its header and how to read its rows. */
export interface CsvLayout {
  format: Exclude<ImportFormat, 'vcard'>;
  recognises(header: readonly string[]): boolean;
  rowMapper(header: readonly string[]): CsvRowMapper;
}

export function columnKey(column: string): string {
  return column.trim().toLowerCase();
}

export function cellLookupFor(header: readonly string[]): (cells: readonly string[]) => CellLookup {
  const indexByColumn = new Map<string, number>();
  header.forEach((column, index) => {
    const key = columnKey(column);
    if (!indexByColumn.has(key)) indexByColumn.set(key, index);
  });
  return (cells) => (column) => {
    const index = indexByColumn.get(columnKey(column));
    const value = index === undefined ? undefined : cells[index]?.trim();
    return value ? value : undefined;
  };
}
