import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { apiTokens, users } from '../db/schema.ts';
import { AppError, detailsFromZod } from '../server/errors.ts';
import { hashPassword } from './passwords.ts';

export const newUserSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(8).max(200),
});

export interface User {
  id: string;
  email: string;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A personal API token: shown once, stored only as its SHA-256. */
export function newTokenValue(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

export async function createUser(db: Db, input: { email: string; password: string }): Promise<User> {
  const parsed = newUserSchema.safeParse(input, { reportInput: true });
  if (!parsed.success)
    throw new AppError('validation_failed', undefined, detailsFromZod(parsed.error.issues));
  const passwordHash = await hashPassword(parsed.data.password);
  const inserted = await db
    .insert(users)
    .values({ id: randomUUID(), email: parsed.data.email, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email });
  const user = inserted[0];
  if (!user) throw new AppError('email_taken');
  return user;
}

export async function findUserByEmail(db: Db, email: string) {
  const rows = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return rows[0];
}

export async function countUsers(db: Db): Promise<number> {
  const rows = await db.$count(users);
  return rows;
}

export async function createApiToken(db: Db, ownerId: string, name: string) {
  const token = newTokenValue();
  const id = randomUUID();
  await db.insert(apiTokens).values({ ownerId, id, name, tokenHash: sha256(token) });
  return { id, name, token };
}

export async function listApiTokens(db: Db, ownerId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.ownerId, ownerId))
    .orderBy(apiTokens.createdAt);
}

export async function deleteApiToken(db: Db, ownerId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.ownerId, ownerId), eq(apiTokens.id, id)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}
