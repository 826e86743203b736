import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { events } from '../db/schema/index.js';

/**
 * Removal is a tombstone: the row stays (reversible, and the change feed tells
 * mirrors), and only rows that came from this very source can be touched.
 */
export async function tombstoneSourceEvents(
  db: Db,
  sourceId: string,
  ids: string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const removed = await db
    .update(events)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, sequence: sql`${events.sequence} + 1` })
    .where(and(eq(events.sourceId, sourceId), inArray(events.id, ids), isNull(events.deletedAt)))
    .returning({ id: events.id });
  return removed.length;
}
