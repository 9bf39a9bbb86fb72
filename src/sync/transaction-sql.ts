import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { TransactionSql } from './jobs.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Lets pg-boss write its job row through our open transaction, so the job commits (or rolls back)
 * with the change that needs it. pg-boss speaks numbered parameters ($1); drizzle takes chunks.
 */
export function transactionSql(tx: Tx | Db): TransactionSql {
  return {
    async executeSql(text, values = []) {
      const chunks: SQL[] = [];
      const parts = text.split(/\$(\d+)/);
      for (let i = 0; i < parts.length; i++) {
        chunks.push(i % 2 === 0 ? sql.raw(parts[i]!) : sql`${sql.param(values[Number(parts[i]) - 1])}`);
      }
      const result = await tx.execute(sql.join(chunks));
      return { rows: result.rows };
    },
  };
}
