import { type Event, EventInput, type EventPatch } from '@oneteamgov/schema';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { prepareEventRow } from '../events/event-row.js';
import { getEventOrThrow } from '../events/get-event.js';
import { saveEvents } from '../events/persist-events.js';
import { patchOccurrence } from '../series/occurrence-changes.js';
import { type EventFields, fieldsFromInput, identityOf, inputFromRow } from './event-fields.js';
import { parseMerged } from './parse-input.js';
import { type CanWrite, liveChapter, lockWritableEvent } from './writable.js';

export type StoredFields = EventFields & { previousStartsAt: Date | null };

/**
 * Applies a partial update. A new start is a reschedule: the old start is kept
 * as previousStartsAt and, unless the patch names a status, the status becomes
 * `rescheduled`. Any material change bumps `sequence` (unchanged content writes
 * nothing). An occurrence of a series is changed through its series' overrides,
 * so the change survives later re-materialisation.
 */
export async function patchEvent(
  ctx: ServiceCtx,
  { eventId, patch, canWrite }: { eventId: string; patch: EventPatch; canWrite: CanWrite },
): Promise<Event> {
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const row = await lockWritableEvent(tx, eventId, canWrite);
    const moved =
      patch.startsAt !== undefined && Date.parse(patch.startsAt) !== row.startsAt.getTime();
    const status = patch.status ?? (moved ? 'rescheduled' : row.status);
    const merged = parseMerged(EventInput, { ...inputFromRow(row), ...patch, status });
    const fields: StoredFields = {
      ...fieldsFromInput(merged),
      previousStartsAt: moved ? row.startsAt : row.previousStartsAt,
    };

    const { seriesId, recurrenceId } = row;
    if (seriesId && recurrenceId) {
      const changed = new Set(Object.keys(patch) as (keyof StoredFields)[]);
      if (moved) changed.add('status').add('previousStartsAt');
      // A moved occurrence is pinned to both its new start and end.
      if (changed.has('startsAt') || changed.has('endsAt')) changed.add('startsAt').add('endsAt');
      await patchOccurrence(w, {
        row: { ...row, seriesId, recurrenceId },
        fields,
        changed: [...changed],
      });
    } else {
      const chapter = await liveChapter(tx, row.chapterId);
      await saveEvents(w, [prepareEventRow({ ...identityOf(row), ...fields }, chapter)]);
    }
    await recordAudit(w, {
      action: 'event.update',
      targetType: 'event',
      targetId: eventId,
      chapterId: row.chapterId,
    });
    return getEventOrThrow(w, eventId);
  });
}
