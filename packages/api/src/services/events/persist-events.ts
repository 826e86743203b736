import type { DomainEventType, Event } from '@oneteamgov/schema';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { events, type NewEventRow } from '../../db/schema/index.js';
import type { WriteCtx } from '../context.js';
import { type DomainEvent, emit } from '../outbox/emit.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';
import { type Before, type StagedRange, upsertRows, upsertStaged } from './upsert-rows.js';

/**
 * The one place events are written: pushed events, external-id upserts, series
 * occurrences and both kinds of sync all go through these three functions, so
 * every change is persisted the same way and announces itself exactly once.
 */

/** Rows per upsert statement: bounds the JSON parameter and the read-back for the outbox. */
const CHUNK = 250;

/**
 * Inserts a new event, or nothing when its (chapter, external id) is taken.
 * Returns whether it was inserted.
 */
export async function insertEvent(w: WriteCtx, row: NewEventRow): Promise<boolean> {
  const inserted = await w.db
    .insert(events)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: events.id });
  if (inserted.length === 0) return false;
  await announce(w, [row.id!], new Map());
  return true;
}

/**
 * Inserts or replaces prepared rows (reviving tombstones). A row whose content
 * hash is unchanged is left alone, so re-running writes nothing; a changed row
 * bumps `sequence`, as iCalendar clients expect. Returns the ids written.
 */
export async function saveEvents(w: WriteCtx, rows: NewEventRow[]): Promise<string[]> {
  const written: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const rowsWritten = await upsertRows(w, rows.slice(i, i + CHUNK));
    // A hidden event already left every output (its subscribers got event.deleted): say nothing.
    await emit(
      w,
      rowsWritten
        .filter(({ record }) => record.hiddenAt === null)
        .map(({ record, before }) => {
          const event = toEvent(record);
          return { type: changeType(before, event), chapterId: record.chapterId, data: event };
        }),
    );
    for (const { record } of rowsWritten) written.push(record.id);
  }
  return written;
}

/**
 * saveEvents for a range of a sync run's staged rows (see sync/stage-rows.ts):
 * written and announced in one statement, without the rows or their messages
 * passing through JavaScript. Returns how many rows were written.
 */
export async function saveStagedEvents(w: WriteCtx, range: StagedRange): Promise<number> {
  return upsertStaged(w, range);
}

/**
 * Tombstones live events matching `where` (the row stays, so mirrors and
 * calendars learn of the removal). Returns the ids removed.
 */
export async function removeEvents(w: WriteCtx, where: SQL | undefined): Promise<string[]> {
  const removed = await w.db
    .update(events)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, sequence: sql`${events.sequence} + 1` })
    .where(and(where, isNull(events.deletedAt)))
    .returning({ id: events.id, chapterId: events.chapterId });
  await emit(
    w,
    removed.map((r) => ({
      type: 'event.deleted',
      chapterId: r.chapterId,
      data: { id: r.id, chapterId: r.chapterId, deleted: true },
    })),
  );
  return removed.map((r) => r.id);
}

/** Membership in a list of any length as one parameter (a sync may remove 50,000 events). */
export const byIds = (ids: string[]) =>
  sql`${events.id} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
export const byId = (id: string) => eq(events.id, id);

/** Reads back what was inserted, as the API shows it, and emits one domain event per row. */
async function announce(w: WriteCtx, ids: string[], before: Map<string, Before>): Promise<void> {
  if (ids.length === 0) return;
  // A hidden event already left every output (its subscribers got event.deleted): say nothing.
  const rows = await selectEvents(w.db).where(and(byIds(ids), isNull(events.hiddenAt)));
  const announced: DomainEvent[] = rows.map((row) => {
    const event = toEvent(row);
    return { type: changeType(before.get(row.id), event), chapterId: row.chapterId, data: event };
  });
  await emit(w, announced);
}

function changeType(before: Before | undefined, after: Event): DomainEventType {
  if (!before || before.deletedAt) return 'event.created';
  if (after.status === 'cancelled' && before.status !== 'cancelled') return 'event.cancelled';
  if (Date.parse(after.startsAt) !== before.startsAt.getTime()) return 'event.rescheduled';
  return 'event.updated';
}
