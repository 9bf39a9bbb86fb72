import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config.ts';
import { type DuplicatePolicy, importContacts } from '../contacts/importer.ts';
import { createLogger } from '../logger.ts';
import { AppError } from '../server/errors.ts';
import { findUserByEmail } from '../users/users.ts';
import { withDatabase } from './with-database.ts';

function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

/** `contact-sync import FILE --user EMAIL`: the report as JSON on stdout, a summary on stderr. */
export async function importFile(config: Config, file: string, email: string, duplicates: DuplicatePolicy) {
  const log = createLogger(config, 'stderr');
  const size = (await stat(file)).size;
  if (size > config.importMaxBytes)
    throw new AppError('payload_too_large', `${file} is larger than ${config.importMaxBytes} bytes.`);
  const bytes = await readFile(file);
  await withDatabase(config, log, async (database) => {
    const user = await findUserByEmail(database.db, email);
    if (!user) throw new AppError('not_found', `No user with the email ${email}.`);
    const report = await importContacts(database.db, user.id, bytes, {
      fileName: basename(file),
      duplicates,
      region: config.defaultPhoneRegion,
      onProgress: progressBar('Importing'),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    const c = report.counts;
    process.stderr.write(
      `${c.rows} rows: ${c.created} created, ${c.flaggedDuplicate} created but likely duplicates, ${c.skipped} skipped` +
        (c.unmatchable ? ` (${c.unmatchable} could not be checked for duplicates)` : '') +
        '\n',
    );
  });
}
