import type { Event as HubEvent } from '@oneteamgov/schema';
import { and, count, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chapters, events } from '../db/schema/index.js';
import { publiclyVisible } from '../services/events/publicly-visible.js';
import { selectEvents } from '../services/events/select-events.js';
import { toEvent } from '../services/events/to-event.js';

/**
 * The events a chapter publishes itself: its chapter originates here, and the
 * event was written here (pushed, from a series, or from the chapter's own
 * calendar feed), not imported from another hub instance. A hub mirroring
 * another node's chapter never re-announces its events: that node's actor is
 * the one to follow. What the public sees of them is publiclyVisible's rule
 * (not deleted, not hidden by a moderator).
 */
function ownEvents(origin: string): SQL {
  return and(
    eq(events.originInstance, origin),
    ne(events.sourceKind, 'instance'),
    sql`exists (select 1 from ${chapters} c where c.id = ${events.chapterId} and c.origin = ${origin})`,
  )!;
}

export async function countLocalEvents(db: Db, origin: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .where(and(ownEvents(origin), publiclyVisible()));
  return row?.n ?? 0;
}

export async function countChapterEvents(db: Db, origin: string, chapterId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .where(and(ownEvents(origin), publiclyVisible(), eq(events.chapterId, chapterId)));
  return row?.n ?? 0;
}

/**
 * Of these ids, the chapter's own events: `own` whatever their state (a
 * removal or a moderator's hiding is announced as a Delete), `visible` those
 * the public may see now (a creation or change of a hidden event is not).
 */
export async function announcedEventIds(db: Db, origin: string, ids: string[]) {
  if (ids.length === 0) return { own: new Set<string>(), visible: new Set<string>() };
  const rows = await db
    .select({ id: events.id, visible: sql<boolean>`${publiclyVisible()}` })
    .from(events)
    .where(and(ownEvents(origin), inArray(events.id, ids)));
  return {
    own: new Set(rows.map((r) => r.id)),
    visible: new Set(rows.filter((r) => r.visible).map((r) => r.id)),
  };
}

export async function findOwnEvent(db: Db, origin: string, id: string): Promise<HubEvent | null> {
  const [row] = await selectEvents(db).where(
    and(ownEvents(origin), eq(events.id, id), publiclyVisible()),
  );
  return row ? toEvent(row) : null;
}

export interface Position {
  createdAt: string;
  id: string;
}

/** Newest first, by (created_at, id): a page never repeats or skips as events are added. */
export async function pageOfChapterEvents(
  db: Db,
  origin: string,
  chapterId: string,
  after: Position | null,
  limit: number,
): Promise<{ events: HubEvent[]; next: Position | null }> {
  const rows = await selectEvents(db, {
    position: sql<string>`to_char(${events.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  })
    .where(
      and(
        ownEvents(origin),
        publiclyVisible(),
        eq(events.chapterId, chapterId),
        after
          ? or(
              sql`${events.createdAt} < ${after.createdAt}::timestamptz`,
              and(
                sql`${events.createdAt} = ${after.createdAt}::timestamptz`,
                sql`${events.id} < ${after.id}`,
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => toEvent(r)),
    next: rows.length > limit && last ? { createdAt: last.position, id: last.id } : null,
  };
}
