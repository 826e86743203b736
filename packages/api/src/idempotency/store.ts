import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type IdempotencyRow, idempotencyKeys } from '../db/schema/index.js';

/** Stored outcomes are kept at least this long (Stripe keeps 24 h). */
export const RETENTION_MS = 24 * 3_600_000;
/** A claim with no outcome after this long belongs to a crashed request and may be taken over. */
export const ABANDONED_MS = 5 * 60_000;

export type Claim = { kind: 'claimed' } | { kind: 'existing'; row: IdempotencyRow };

/**
 * Claims (apiKeyId, key) for a new request. Exactly one concurrent caller gets
 * `claimed`; the others see the existing row (in flight, or finished).
 */
export async function claim(
  db: Db,
  apiKeyId: string,
  /** The lookup hash of the client's key (see seal.ts), never the key itself. */
  key: string,
  requestHash: string,
  now: Date,
): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ apiKeyId, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return { kind: 'claimed' };
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
    if (!row) continue; // released between the insert and the read: try again
    const age = now.getTime() - row.createdAt.getTime();
    const expired = age > RETENTION_MS;
    const abandoned = row.status === null && age > ABANDONED_MS;
    if (!expired && !abandoned) return { kind: 'existing', row };
    // Expired or abandoned: remove that exact row (a concurrent taker may beat us) and retry.
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.apiKeyId, apiKeyId),
          eq(idempotencyKeys.key, key),
          eq(idempotencyKeys.createdAt, row.createdAt),
        ),
      );
  }
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)));
  return row ? { kind: 'existing', row } : { kind: 'claimed' };
}

export async function complete(
  db: Db,
  apiKeyId: string,
  key: string,
  outcome: {
    status: number;
    contentType: string | null;
    location: string | null;
    body: string;
    subjects: string[];
  },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set(outcome)
    .where(
      and(
        eq(idempotencyKeys.apiKeyId, apiKeyId),
        eq(idempotencyKeys.key, key),
        isNull(idempotencyKeys.status),
      ),
    );
}

/** Gives the key back so a retry runs afresh (the request failed and nothing was stored). */
export async function release(db: Db, apiKeyId: string, key: string): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.apiKeyId, apiKeyId),
        eq(idempotencyKeys.key, key),
        isNull(idempotencyKeys.status),
      ),
    );
}

/** Drops outcomes past twice the retention period; run from the worker's housekeeping. */
export async function purgeExpired(db: Db, now: Date): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - 2 * RETENTION_MS)))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}

/** Marks a stored outcome whose record was erased (see forgetResponsesMentioning). */
export const ERASED = 'erased';

/**
 * Erasure: stored responses about a record (a member's id) are emptied, and the
 * key is kept as a marker. Deleting the row instead would let a late retry of
 * "add member" under the same key run again and bring the person back.
 */
export async function forgetResponsesMentioning(db: Db, id: string): Promise<number> {
  const forgotten = await db
    .update(idempotencyKeys)
    .set({
      requestHash: ERASED,
      status: 409,
      contentType: null,
      location: null,
      body: null,
      subjects: sql`'{}'::text[]`,
    })
    .where(sql`${id} = any(${idempotencyKeys.subjects})`)
    .returning({ key: idempotencyKeys.key });
  return forgotten.length;
}
