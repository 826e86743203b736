import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

/** A queue table of outbound deliveries (webhook and ActivityPub deliveries share this shape). */
type DeliveryQueue = PgTable & {
  id: PgColumn;
  status: PgColumn;
  attempts: PgColumn;
  nextAttemptAt: PgColumn;
  lockedUntil: PgColumn;
};

/** A claimed delivery is this worker's for this long; a worker that dies loses it after. */
const LEASE = sql`interval '60 seconds'`;

/**
 * Claims up to `limit` due, unleased deliveries for this worker with FOR UPDATE
 * SKIP LOCKED and a lease, counting the attempt: any number of workers share a
 * queue, no two send one delivery at once, and a dead worker's claims come back
 * when their lease runs out.
 */
export async function claimDue<T extends DeliveryQueue>(
  db: Db,
  queue: T,
  limit: number,
): Promise<T['$inferSelect'][]> {
  const rows = await db.transaction((tx) =>
    tx
      .update(queue)
      .set({
        lockedUntil: sql`now() + ${LEASE}`,
        attempts: sql`${queue.attempts} + 1`,
      } as never)
      .where(
        sql`${queue.id} in (
          select ${queue.id} from ${queue}
          where ${queue.status} = 'pending' and ${queue.nextAttemptAt} <= now()
            and (${queue.lockedUntil} is null or ${queue.lockedUntil} < now())
          order by ${queue.nextAttemptAt}
          limit ${limit}
          for update skip locked)`,
      )
      .returning(),
  );
  return rows as T['$inferSelect'][];
}
