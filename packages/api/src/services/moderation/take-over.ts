import type { Event } from '@oneteamgov/schema';
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { events, moderationItems } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { selectEvents } from '../events/select-events.js';
import { toEvent } from '../events/to-event.js';
import { emit } from '../outbox/emit.js';
import { inList } from './hold-imports.js';
import { eventNotFound } from './moderation-errors.js';

/**
 * Of these ids, the events once imported by this source that the hub has taken
 * over (looked up by primary key, so a sync never scans the whole table for them).
 */
export async function detachedFrom(
  w: WriteCtx,
  sourceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await w.db
    .select({ id: events.id })
    .from(events)
    .where(and(inList(events.id, ids), eq(events.detachedFrom, sourceId)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Makes imported events the hub's own: no longer tied to their feed, so
 * organisers with `events:write` can edit them, and this instance becomes
 * their origin. The feed's later runs leave them alone. Their open moderation
 * items are withdrawn (there is nothing left to import). Returns the ids.
 */
export async function detachEvents(w: WriteCtx, where: SQL): Promise<string[]> {
  const detached = await w.db
    .update(events)
    .set({
      detachedFrom: events.sourceId,
      sourceKind: 'push',
      sourceId: null,
      originInstance: w.origin,
      updatedAt: sql`now()`,
    })
    .where(and(where, isNull(events.deletedAt), inArray(events.sourceKind, ['ics', 'instance'])))
    .returning({ id: events.id });
  const ids = detached.map((d) => d.id);
  if (ids.length === 0) return ids;
  await w.db
    .update(moderationItems)
    .set({ status: 'withdrawn', decidedAt: w.now(), decidedBy: w.actor.id })
    .where(and(inArray(moderationItems.eventId, ids), eq(moderationItems.status, 'pending')));
  // Followers learn the new origin; hidden events stay silent (they left every output).
  const rows = await selectEvents(w.db).where(
    and(inArray(events.id, ids), isNull(events.hiddenAt)),
  );
  await emit(
    w,
    rows.map((row) => ({ type: 'event.updated', chapterId: row.chapterId, data: toEvent(row) })),
  );
  return ids;
}

/** An admin detaches one imported event from its source ("take over"). */
export async function takeOverEvent(ctx: ServiceCtx, eventId: string): Promise<Event> {
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .select({ chapterId: events.chapterId, sourceKind: events.sourceKind })
      .from(events)
      .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
      .for('update');
    if (!row) throw eventNotFound(eventId);
    if (row.sourceKind !== 'ics' && row.sourceKind !== 'instance') {
      throw new DomainError(
        'conflict',
        'This event is not imported from a feed; it is already the hub’s',
      );
    }
    await detachEvents(w, eq(events.id, eventId));
    await recordAudit(w, {
      action: 'event.take_over',
      targetType: 'event',
      targetId: eventId,
      chapterId: row.chapterId,
    });
    // The admin sees the event as stored, hidden or not.
    const [after] = await selectEvents(w.db).where(eq(events.id, eventId));
    return toEvent(after!);
  });
}
