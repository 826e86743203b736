import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { excludeOccurrence } from '../series/occurrence-changes.js';
import { type CanWrite, lockWritableEvent } from './writable.js';

/** Soft delete: the row stays as a tombstone so mirrors and calendars learn of the removal. */
export async function tombstoneEvent(db: Db, eventId: string): Promise<void> {
  await db
    .update(events)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, sequence: sql`${events.sequence} + 1` })
    .where(eq(events.id, eventId));
}

/**
 * Deletes an event (a tombstone; it then answers 404). Deleting an occurrence
 * of a series also adds an EXDATE to the series, so it is not re-created.
 */
export async function deleteEvent({
  ctx,
  eventId,
  canWrite,
}: {
  ctx: ServiceCtx;
  eventId: string;
  canWrite: CanWrite;
}): Promise<{ chapterId: string }> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockWritableEvent(tx, eventId, canWrite);
    await tombstoneEvent(tx, eventId);
    if (row.seriesId && row.recurrenceId) {
      await excludeOccurrence({
        ctx: { ...ctx, db: tx },
        seriesId: row.seriesId,
        recurrenceId: row.recurrenceId,
      });
    }
    return { chapterId: row.chapterId };
  });
}
