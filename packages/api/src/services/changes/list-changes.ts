import type { Change } from '@oneteamgov/schema';
import { and, asc, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { chapters, type EventRow, events, membershipAggregates } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.js';
import { toChapter } from '../chapters/to-chapter.js';
import type { ServiceCtx } from '../context.js';
import { isPubliclyVisible } from '../events/publicly-visible.js';
import { selectEvents } from '../events/select-events.js';
import { toEvent } from '../events/to-event.js';
import { toSummary } from '../members/read-membership.js';

/**
 * Chapters sort before events and membership aggregates at the same instant, so a
 * mirror has a chapter before anything that belongs to it.
 */
const KIND_RANK = { chapter: '0', event: '1', membership: '2' } as const;
const RANKS: string[] = Object.values(KIND_RANK);

/** Each kind's change time and key (a membership aggregate is keyed by its chapter). */
type Keyed = { updatedAt: AnyPgColumn; key: AnyPgColumn };
const CHAPTER: Keyed = { updatedAt: chapters.updatedAt, key: chapters.id };
const EVENT: Keyed = { updatedAt: events.updatedAt, key: events.id };
const MEMBERSHIP: Keyed = {
  updatedAt: membershipAggregates.updatedAt,
  key: membershipAggregates.chapterId,
};

/**
 * Timestamps keep PostgreSQL's microseconds in the cursor: JavaScript dates
 * round to milliseconds, which would skip or repeat rows changed within one.
 */
const micros = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface ChangesInput {
  cursor?: string | undefined;
  limit: number;
  /** Rows younger than this are held back, so a slow transaction cannot commit behind a reader. */
  lagMs: number;
}

/**
 * The change feed: chapters, events and membership aggregates ordered by
 * (modified, kind, id), tombstones included. Following it from the start mirrors the instance.
 */
export async function listChanges(ctx: ServiceCtx, input: ChangesInput) {
  let after: [string, string, string] | undefined;
  if (input.cursor) {
    const [at, rank, id] = decodeCursor('changes', input.cursor, 3) as [string, string, string];
    if (Number.isNaN(Date.parse(at)) || !RANKS.includes(rank)) throw invalidCursor();
    after = [at, rank, id];
  }
  const horizon = new Date(ctx.now().getTime() - input.lagMs).toISOString();
  const keyset = (table: Keyed, rank: string): SQL | undefined =>
    after
      ? sql`(${table.updatedAt}, ${rank}::text, ${table.key} collate "C") > (${after[0]}::timestamptz, ${after[1]}::text, ${after[2]} collate "C")`
      : undefined;
  const fresh = (table: Keyed) => sql`${table.updatedAt} <= ${horizon}::timestamptz`;

  const [chapterRows, eventRows, membershipRows] = await Promise.all([
    ctx.db
      .select({ row: chapters, at: micros(chapters.updatedAt) })
      .from(chapters)
      .where(and(keyset(CHAPTER, KIND_RANK.chapter), fresh(CHAPTER)))
      .orderBy(asc(chapters.updatedAt), sql`${chapters.id} collate "C"`)
      .limit(input.limit + 1),
    selectEvents(ctx.db, { at: micros(events.updatedAt) })
      .where(and(keyset(EVENT, KIND_RANK.event), fresh(EVENT)))
      .orderBy(asc(events.updatedAt), sql`${events.id} collate "C"`)
      .limit(input.limit + 1),
    ctx.db
      .select({ row: membershipAggregates, at: micros(membershipAggregates.updatedAt) })
      .from(membershipAggregates)
      .where(and(keyset(MEMBERSHIP, KIND_RANK.membership), fresh(MEMBERSHIP)))
      .orderBy(
        asc(membershipAggregates.updatedAt),
        sql`${membershipAggregates.chapterId} collate "C"`,
      )
      .limit(input.limit + 1),
  ]);

  // Timestamps are fixed-width text and ids compare bytewise (collate "C" above), so the
  // composite key sorts as a plain string, exactly as the database orders it.
  const merged = [
    ...chapterRows.map(({ row, at }) => ({
      key: [at, KIND_RANK.chapter, row.id] as const,
      change: chapterChange(row, at),
    })),
    ...eventRows.map(({ at, ...row }) => ({
      key: [at, KIND_RANK.event, row.id] as const,
      change: eventChange(row, at),
    })),
    ...membershipRows.map(({ row, at }) => ({
      key: [at, KIND_RANK.membership, row.chapterId] as const,
      change: membershipChange(row, at),
    })),
  ].sort((a, b) => (a.key.join('|') < b.key.join('|') ? -1 : 1));

  const page = merged.slice(0, input.limit);
  const last = page.at(-1);
  const position = last
    ? encodeCursor('changes', [...last.key])
    : (input.cursor ?? encodeCursor('changes', ['1970-01-01T00:00:00.000000Z', '0', '']));
  return {
    data: page.map((p) => p.change),
    nextCursor: merged.length > input.limit ? position : null,
    resumeCursor: position,
  };
}

function chapterChange(row: typeof chapters.$inferSelect, at: string): Change {
  return {
    kind: 'chapter',
    id: row.id,
    state: row.deletedAt ? 'deleted' : 'updated',
    modified: at,
    origin: row.origin,
    data: row.deletedAt ? null : toChapter(row),
  };
}

/** A hidden event is a tombstone to followers, exactly like a deleted one. */
function eventChange(
  row: Parameters<typeof toEvent>[0] & Pick<EventRow, 'hiddenAt'>,
  at: string,
): Change {
  const visible = isPubliclyVisible(row);
  return {
    kind: 'event',
    id: row.id,
    state: visible ? 'updated' : 'deleted',
    modified: at,
    origin: row.originInstance,
    data: visible ? toEvent(row) : null,
  };
}

/** Public aggregates only: the summary never holds member records or e-mails. */
function membershipChange(row: typeof membershipAggregates.$inferSelect, at: string): Change {
  return {
    kind: 'membership',
    id: row.chapterId,
    state: 'updated',
    modified: at,
    origin: row.origin,
    data: toSummary(row.chapterId, row.summary),
  };
}
