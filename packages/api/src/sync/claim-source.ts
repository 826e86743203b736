import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type SourceRow, sources } from '../db/schema/index.js';

/**
 * Claims the most overdue source for this worker. `FOR UPDATE SKIP LOCKED` and
 * the lease make claims exclusive across any number of workers on one
 * PostgreSQL; a lease that outlives a crashed worker simply expires. A source
 * whose lease lapsed without being released (its worker died mid-run) is
 * claimed too, due or not, so its unfinished run is settled promptly.
 */
export async function claimDueSource(
  db: Db,
  workerId: string,
  leaseMs: number,
): Promise<SourceRow | undefined> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${sources} set lease_owner = ${workerId},
      lease_expires_at = now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval
    where id = (
      select id from ${sources}
      where deleted_at is null
        and (next_attempt_at <= now() or lease_owner is not null)
        and (lease_expires_at is null or lease_expires_at < now())
      order by next_attempt_at, id
      for update skip locked
      limit 1
    )
    returning id`);
  const id = rowsOf<{ id: string }>(rows)[0]?.id;
  if (!id) return undefined;
  const [row] = await db.select().from(sources).where(sql`${sources.id} = ${id}`);
  return row;
}

/** Claims one specific source (manual "sync now"), unless another worker holds it. */
export async function claimSource(
  db: Db,
  sourceId: string,
  workerId: string,
  leaseMs: number,
): Promise<SourceRow | undefined> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${sources} set lease_owner = ${workerId},
      lease_expires_at = now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval
    where id = ${sourceId} and deleted_at is null
      and (lease_expires_at is null or lease_expires_at < now() or lease_owner = ${workerId})
    returning id`);
  if (!rowsOf(rows)[0]) return undefined;
  const [row] = await db.select().from(sources).where(sql`${sources.id} = ${sourceId}`);
  return row;
}

/**
 * Extends this worker's lease while its run is working (a heartbeat), so the
 * lease can be short and a dead worker's claim lapses soon. False when the
 * lease is no longer this worker's.
 */
export async function renewLease(
  db: Db,
  sourceId: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${sources}
    set lease_expires_at = now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval
    where id = ${sourceId} and lease_owner = ${workerId}
    returning id`);
  return rowsOf(rows).length > 0;
}

export async function releaseSource(db: Db, sourceId: string, workerId: string): Promise<void> {
  await db.execute(sql`
    update ${sources} set lease_owner = null, lease_expires_at = null
    where id = ${sourceId} and lease_owner = ${workerId}`);
}

/** postgres.js returns an array; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
