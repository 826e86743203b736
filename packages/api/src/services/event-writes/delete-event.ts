import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { byId, removeEvents } from '../events/persist-events.js';
import { excludeOccurrence } from '../series/occurrence-changes.js';
import { type CanWrite, lockWritableEvent } from './writable.js';

/**
 * Deletes an event (a tombstone; it then answers 404). Deleting an occurrence
 * of a series also adds an EXDATE to the series, so it is not re-created.
 */
export async function deleteEvent(
  ctx: ServiceCtx,
  { eventId, canWrite }: { eventId: string; canWrite: CanWrite },
): Promise<{ chapterId: string }> {
  return withTransaction(ctx, async (w) => {
    const row = await lockWritableEvent(w.db, eventId, canWrite);
    await removeEvents(w, byId(eventId));
    await recordAudit(w, {
      action: 'event.delete',
      targetType: 'event',
      targetId: eventId,
      chapterId: row.chapterId,
    });
    if (row.seriesId && row.recurrenceId) {
      await excludeOccurrence(w, { seriesId: row.seriesId, recurrenceId: row.recurrenceId });
    }
    return { chapterId: row.chapterId };
  });
}
