import type { DomainEventType, Event } from '@oneteamgov/schema';
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type EventRow, events, type NewEventRow } from '../../db/schema/index.js';
import type { WriteCtx } from '../context.js';
import { type DomainEvent, emit } from '../outbox/emit.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

/**
 * The one place events are written: pushed events, external-id upserts, series
 * occurrences and both kinds of sync all go through these three functions, so
 * every change is persisted the same way and announces itself exactly once.
 */

type Before = Pick<EventRow, 'id' | 'status' | 'startsAt' | 'deletedAt'>;

/** Multi-row statements stay under PostgreSQL's parameter limit. */
const CHUNK = 500;

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
    const chunk = rows.slice(i, i + CHUNK);
    const before = await statesOf(
      w,
      inArray(
        events.id,
        chunk.map((r) => r.id!),
      ),
    );
    const ids = (await upsert(w, chunk)).map((r) => r.id);
    await announce(w, ids, before);
    written.push(...ids);
  }
  return written;
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

export const byIds = (ids: string[]) => inArray(events.id, ids);
export const byId = (id: string) => eq(events.id, id);

async function statesOf(w: WriteCtx, where: SQL): Promise<Map<string, Before>> {
  const rows = await w.db
    .select({
      id: events.id,
      status: events.status,
      startsAt: events.startsAt,
      deletedAt: events.deletedAt,
    })
    .from(events)
    .where(where);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Reads back what was written, as the API shows it, and emits one domain event per row. */
async function announce(w: WriteCtx, ids: string[], before: Map<string, Before>): Promise<void> {
  if (ids.length === 0) return;
  // A hidden event already left every output (its subscribers got event.deleted): say nothing.
  const rows = await selectEvents(w.db).where(
    and(inArray(events.id, ids), isNull(events.hiddenAt)),
  );
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

function upsert(w: WriteCtx, rows: NewEventRow[]) {
  return w.db
    .insert(events)
    .values(rows)
    .onConflictDoUpdate({
      target: events.id,
      set: {
        title: sql`excluded.title`,
        summary: sql`excluded.summary`,
        description: sql`excluded.description`,
        inLanguage: sql`excluded.in_language`,
        startsAt: sql`excluded.starts_at`,
        endsAt: sql`excluded.ends_at`,
        timeZone: sql`excluded.time_zone`,
        allDay: sql`excluded.all_day`,
        status: sql`excluded.status`,
        previousStartsAt: sql`excluded.previous_starts_at`,
        attendanceMode: sql`excluded.attendance_mode`,
        venue: sql`excluded.venue`,
        country: sql`excluded.country`,
        lat: sql`excluded.lat`,
        lng: sql`excluded.lng`,
        onlineUrl: sql`excluded.online_url`,
        registrationUrl: sql`excluded.registration_url`,
        capacity: sql`excluded.capacity`,
        tags: sql`excluded.tags`,
        principles: sql`excluded.principles`,
        accessibility: sql`excluded.accessibility`,
        contentHash: sql`excluded.content_hash`,
        searchText: sql`excluded.search_text`,
        sequence: sql`${events.sequence} + 1`,
        updatedAt: sql`now()`,
        deletedAt: sql`null`,
      },
      setWhere: sql`${events.contentHash} is distinct from excluded.content_hash or ${events.deletedAt} is not null`,
    })
    .returning({ id: events.id });
}
