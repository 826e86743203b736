import type { EventModeration, HiddenEvent } from '@oneteamgov/schema';
import { and, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { micros } from '../../db/micros.js';
import { type EventRow, events } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { selectEvents } from '../events/select-events.js';
import { toEvent } from '../events/to-event.js';
import { emit } from '../outbox/emit.js';
import { type CanModerate, eventNotFound } from './moderation-errors.js';

type Moderation = z.infer<typeof EventModeration>;

function toModeration(
  row: Pick<EventRow, 'id' | 'chapterId' | 'hiddenAt' | 'hiddenReason' | 'hiddenBy'>,
): Moderation {
  return {
    eventId: row.id,
    chapterId: row.chapterId,
    hidden: row.hiddenAt !== null,
    reason: row.hiddenReason,
    hiddenAt: row.hiddenAt?.toISOString() ?? null,
    hiddenBy: row.hiddenBy,
  };
}

/** A live event (pushed, imported or federated alike), locked, if the caller may moderate it. */
async function lockForModeration(w: WriteCtx, eventId: string, canModerate: CanModerate) {
  const [row] = await w.db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .for('update');
  if (!row || !canModerate(row.chapterId)) throw eventNotFound(eventId);
  return row;
}

/**
 * Takes an event out of every public output (item, lists, calendars, JSON-LD,
 * the change feed, webhooks) without deleting it. Subscribers and followers
 * get a tombstone; syncs keep updating the row but it stays hidden.
 */
export async function hideEvent(
  ctx: ServiceCtx,
  input: { eventId: string; reason: string; canModerate: CanModerate },
): Promise<Moderation> {
  return withTransaction(ctx, async (w) => {
    const before = await lockForModeration(w, input.eventId, input.canModerate);
    const [row] = await w.db
      .update(events)
      .set({
        hiddenAt: before.hiddenAt ?? sql`now()`,
        hiddenReason: input.reason,
        hiddenBy: w.actor.id,
        // Moves the event in the change feed, where it now reads as a tombstone.
        updatedAt: before.hiddenAt ? before.updatedAt : sql`now()`,
      })
      .where(eq(events.id, input.eventId))
      .returning();
    if (!before.hiddenAt) {
      await emit(w, [
        {
          type: 'event.deleted',
          chapterId: before.chapterId,
          data: { id: before.id, chapterId: before.chapterId, deleted: true },
        },
      ]);
    }
    await recordAudit(w, {
      action: 'event.hide',
      targetType: 'event',
      targetId: input.eventId,
      chapterId: before.chapterId,
    });
    return toModeration(row!);
  });
}

/** Puts a hidden event back: it reappears everywhere, announced as created again. */
export async function unhideEvent(
  ctx: ServiceCtx,
  input: { eventId: string; canModerate: CanModerate },
): Promise<Moderation> {
  return withTransaction(ctx, async (w) => {
    const before = await lockForModeration(w, input.eventId, input.canModerate);
    if (before.hiddenAt) {
      await w.db
        .update(events)
        .set({ hiddenAt: null, hiddenReason: null, hiddenBy: null, updatedAt: sql`now()` })
        .where(eq(events.id, input.eventId));
      const [row] = await selectEvents(w.db).where(eq(events.id, input.eventId));
      await emit(w, [{ type: 'event.created', chapterId: row!.chapterId, data: toEvent(row!) }]);
    }
    await recordAudit(w, {
      action: 'event.unhide',
      targetType: 'event',
      targetId: input.eventId,
      chapterId: before.chapterId,
    });
    return toModeration({ ...before, hiddenAt: null, hiddenReason: null, hiddenBy: null });
  });
}

/** Hidden events with their reasons, most recently hidden first, for the chapters the caller moderates. */
export async function listHiddenEvents(
  ctx: ServiceCtx,
  input: {
    chapters: string[] | null;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ data: z.infer<typeof HiddenEvent>[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [isNull(events.deletedAt), isNotNull(events.hiddenAt)];
  if (input.chapters) where.push(inArray(events.chapterId, input.chapters));
  if (input.cursor) {
    const [at, id] = decodeCursor('hidden', input.cursor, 2) as [string, string];
    where.push(sql`(${events.hiddenAt}, ${events.id}) < (${at}::timestamptz, ${id})`);
  }
  if (input.chapters?.length === 0) return { data: [], nextCursor: null };
  const rows = await selectEvents(ctx.db, { at: micros(events.hiddenAt) })
    .where(and(...where))
    .orderBy(desc(events.hiddenAt), desc(events.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({ ...toModeration(row), event: toEvent(row) })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor('hidden', [last.at, last.id]) : null,
  };
}
