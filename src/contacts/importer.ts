import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { importReports } from '../db/schema.ts';
import {
  AppError,
  detailsFromZod,
  ERROR_CATALOGUE,
  type ErrorCode,
  type ErrorDetail,
} from '../server/errors.ts';
import { decodeImportFile, type ImportFormat, type ParsedRow, readImportFile } from './import/index.ts';
import { contactCreateSchema, draftFromInput } from './model.ts';
import {
  findContactsByMatchKeys,
  insertPrepared,
  type PreparedContact,
  prepareContact,
} from './repository.ts';

export type DuplicatePolicy = 'flag' | 'skip';

export interface ImportRowReport {
  row: number;
  outcome: 'created' | 'flagged-duplicate' | 'skipped';
  label?: string;
  contactId?: string;
  reason?: { code: ErrorCode; message: string; details?: ErrorDetail[] };
  /** The existing contact, or the earlier row of this file, that the same-person rule matched. */
  likelyDuplicateOf?: { contactId: string } | { row: number };
  /** No first and last name with an email or phone: the duplicate check could not run. */
  unmatchable?: true;
}

export interface ImportReport {
  id: string;
  fileName: string;
  format: ImportFormat;
  duplicates: DuplicatePolicy;
  counts: { rows: number; created: number; flaggedDuplicate: number; skipped: number; unmatchable: number };
  rows: ImportRowReport[];
  createdAt: string;
}

export interface ImportOptions {
  fileName: string;
  duplicates: DuplicatePolicy;
  region: string;
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 1000;

interface Candidate {
  report: ImportRowReport;
  prepared: PreparedContact;
}

/**
 * Imports a CSV or vCard file: every row is validated on its own, checked against the same-person
 * rule (existing contacts, and earlier rows of the file), and written in chunks, each chunk one
 * transaction. A bad row is reported and never stops the good ones. Rows are processed a chunk at
 * a time so memory stays flat whatever the file's size.
 */
export async function importContacts(
  db: Db,
  ownerId: string,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const { format, total, rows } = readImportFile(decodeImportFile(bytes));
  const reports: ImportRowReport[] = [];
  const firstRowWithKey = new Map<string, number>();

  options.onProgress?.(0, total);
  for (const chunk of chunksOf(rows, CHUNK)) {
    const candidates: Candidate[] = [];
    for (const row of chunk) {
      const report: ImportRowReport = {
        row: row.row,
        outcome: 'skipped',
        ...(row.label ? { label: row.label } : {}),
      };
      reports.push(report);
      const candidate = validateRow(row, report, options.region);
      if (candidate) candidates.push(candidate);
    }
    await flagDuplicates(db, ownerId, candidates, firstRowWithKey, options.duplicates);
    await writeChunk(
      db,
      ownerId,
      candidates.filter((c) => c.report.outcome !== 'skipped'),
    );
    options.onProgress?.(reports.length, total);
  }

  const counts = {
    rows: reports.length,
    created: reports.filter((r) => r.outcome === 'created').length,
    flaggedDuplicate: reports.filter((r) => r.outcome === 'flagged-duplicate').length,
    skipped: reports.filter((r) => r.outcome === 'skipped').length,
    unmatchable: reports.filter((r) => r.unmatchable).length,
  };
  const id = randomUUID();
  const [saved] = await db
    .insert(importReports)
    .values({ ownerId, id, fileName: options.fileName, format, counts, rows: reports })
    .returning({ createdAt: importReports.createdAt });
  return {
    id,
    fileName: options.fileName,
    format,
    duplicates: options.duplicates,
    counts,
    rows: reports,
    createdAt: saved!.createdAt.toISOString(),
  };
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function validateRow(row: ParsedRow, report: ImportRowReport, region: string): Candidate | undefined {
  if (row.error || !row.input) {
    const error = row.error ?? {
      code: 'import_malformed_csv' as const,
      message: 'The row could not be read.',
    };
    report.reason = {
      code: error.code,
      message: error.message,
      ...(error.path ? { details: [{ path: error.path, code: error.code, message: error.message }] } : {}),
    };
    return undefined;
  }
  const parsed = contactCreateSchema.safeParse(row.input, { reportInput: true });
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues);
    report.reason = { code: 'validation_failed', message: summarize(details), details };
    return undefined;
  }
  const draft = draftFromInput(parsed.data, 'import');
  if (
    !draft.firstName &&
    !draft.lastName &&
    !draft.company &&
    draft.emails.length + draft.phones.length === 0
  ) {
    report.reason = { code: 'empty_row', message: ERROR_CATALOGUE.empty_row.message };
    return undefined;
  }
  const prepared = prepareContact(draft, region);
  if (prepared.keys.length === 0) report.unmatchable = true;
  report.outcome = 'created';
  return { report, prepared };
}

function summarize(details: ErrorDetail[]): string {
  return details.map((d) => `${d.path}: ${d.message}`).join('; ');
}

/**
 * Marks rows that the same-person rule matches. An earlier row of this file wins over a stored
 * contact: contacts written by earlier chunks of this import are in the database too.
 */
async function flagDuplicates(
  db: Db,
  ownerId: string,
  candidates: Candidate[],
  firstRowWithKey: Map<string, number>,
  policy: DuplicatePolicy,
) {
  const stored = await findContactsByMatchKeys(
    db,
    ownerId,
    candidates.flatMap((c) => c.prepared.keys),
  );
  for (const candidate of candidates) {
    const keys = candidate.prepared.keys;
    const earlierRow = keys.map((k) => firstRowWithKey.get(k)).find((r) => r !== undefined);
    const contactId = keys.map((k) => stored.get(k)?.[0]).find(Boolean);
    for (const key of keys) if (!firstRowWithKey.has(key)) firstRowWithKey.set(key, candidate.report.row);
    const match = earlierRow !== undefined ? { row: earlierRow } : contactId ? { contactId } : undefined;
    if (!match) continue;
    candidate.report.likelyDuplicateOf = match;
    if (policy === 'skip') {
      candidate.report.outcome = 'skipped';
      candidate.report.reason = {
        code: 'likely_duplicate',
        message: ERROR_CATALOGUE.likely_duplicate.message,
      };
    } else {
      candidate.report.outcome = 'flagged-duplicate';
    }
  }
}

async function writeChunk(db: Db, ownerId: string, candidates: Candidate[]) {
  try {
    const created = await db.transaction((tx) =>
      insertPrepared(
        tx,
        ownerId,
        candidates.map((c) => c.prepared),
      ),
    );
    created.forEach((id, i) => {
      candidates[i]!.report.contactId = id;
    });
  } catch {
    // Something in the chunk broke the batch: write its rows one by one so only that row fails.
    for (const candidate of candidates) await writeOne(db, ownerId, candidate);
  }
}

async function writeOne(db: Db, ownerId: string, candidate: Candidate) {
  try {
    const [id] = await db.transaction((tx) => insertPrepared(tx, ownerId, [candidate.prepared]));
    candidate.report.contactId = id!;
  } catch (error: unknown) {
    candidate.report.outcome = 'skipped';
    candidate.report.reason = {
      code: 'internal_error',
      message: error instanceof Error ? error.message : 'The row could not be written.',
    };
  }
}

export async function listImportReports(db: Db, ownerId: string) {
  return db
    .select({
      id: importReports.id,
      fileName: importReports.fileName,
      format: importReports.format,
      counts: importReports.counts,
      createdAt: importReports.createdAt,
    })
    .from(importReports)
    .where(eq(importReports.ownerId, ownerId))
    .orderBy(desc(importReports.createdAt))
    .limit(100);
}

export async function getImportReport(db: Db, ownerId: string, id: string) {
  const rows = await db
    .select()
    .from(importReports)
    .where(and(eq(importReports.ownerId, ownerId), eq(importReports.id, id)));
  if (!rows[0]) throw new AppError('not_found');
  const { ownerId: _owner, ...report } = rows[0];
  return { ...report, createdAt: report.createdAt.toISOString() };
}
