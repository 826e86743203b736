import { createHash } from 'node:crypto';
import { type Event, type EventListQuery, MAX_EVENT_DAYS } from '@oneteamgov/schema';
import { and, asc, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { chapters, events } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';
import { matchesSearch } from '../search-query.js';
import { EVENTS_DATA_VERSION } from './events-data-version.js';
import { publiclyVisible } from './publicly-visible.js';
import { offersEvery, selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

const DAY_MS = 86_400_000;
const EARTH_RADIUS_KM = 6371;
const DEFAULT_RADIUS_KM = 50;

export type ListEventsInput = Omit<EventListQuery, 'chapter' | 'includeSubchapters'> & {
  chapter?: string[] | undefined;
  includeSubchapters?: boolean | undefined;
};

function isoParam(value: string | Date) {
  return sql`${typeof value === 'string' ? value : value.toISOString()}::timestamptz`;
}

/**
 * Events overlapping [from, to), ordered by (startsAt, id) with a keyset cursor.
 * `from` defaults to now, so a bare list shows what is on and coming up, except
 * with `updatedSince` alone, which asks for every changed event, past ones too.
 * Events last at most MAX_EVENT_DAYS, which bounds the start-time scan for
 * events already under way.
 */
export function eventFilters(input: ListEventsInput, now: Date): SQL[] {
  const where: (SQL | undefined)[] = [publiclyVisible()];
  if (input.from || !input.updatedSince) {
    const from = input.from ? new Date(input.from) : now;
    where.push(sql`${events.endsAt} >= ${isoParam(from)}`);
    where.push(
      sql`${events.startsAt} >= ${isoParam(new Date(from.getTime() - MAX_EVENT_DAYS * DAY_MS))}`,
    );
  }
  if (input.to) where.push(lt(events.startsAt, sql`${isoParam(input.to)}`));
  if (input.chapter) {
    where.push(
      input.includeSubchapters
        ? inArray(events.chapterId, chapterWithSubchapters(input.chapter))
        : inArray(events.chapterId, input.chapter),
    );
  }
  if (input.country) where.push(inArray(events.country, input.country));
  if (input.status) where.push(inArray(events.status, input.status));
  if (input.attendanceMode) where.push(inArray(events.attendanceMode, input.attendanceMode));
  if (input.principle) where.push(sql`${events.principles} && ${arrayParam(input.principle)}`);
  if (input.tag) where.push(sql`${events.tags} && ${arrayParam(input.tag)}`);
  if (input.inLanguage) where.push(sql`${events.inLanguage} && ${arrayParam(input.inLanguage)}`);
  if (input.accessibility) where.push(offersEvery(input.accessibility));
  if (input.q) where.push(matchesSearch(events.searchVector, input.q));
  if (input.updatedSince) where.push(gt(events.updatedAt, sql`${isoParam(input.updatedSince)}`));
  if (input.near) where.push(...nearFilter(input.near, input.radiusKm ?? DEFAULT_RADIUS_KM));
  return where.filter((w): w is SQL => w !== undefined);
}

/** The chapters and, through the parent relation, every chapter below them. */
function chapterWithSubchapters(ids: string[]) {
  return sql`(with recursive tree(id) as (
      select ${chapters.id} from ${chapters} where ${inArray(chapters.id, ids)}
      union
      select child.id from ${chapters} child join tree on child.parent_id = tree.id)
    select id from tree)`;
}

function arrayParam(values: readonly string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`}::text[]`;
}

/** Bounding box (index-friendly) first, then the exact great-circle distance. */
function nearFilter(centre: { lat: number; lng: number }, radiusKm: number): SQL[] {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cosLat = Math.max(Math.cos((centre.lat * Math.PI) / 180), 1e-6);
  const dLng = Math.min(180, dLat / cosLat);
  return [
    sql`${events.lat} between ${centre.lat - dLat} and ${centre.lat + dLat}`,
    longitudeBand(centre.lng - dLng, centre.lng + dLng),
    sql`${2 * EARTH_RADIUS_KM} * asin(sqrt(
      power(sin(radians(${events.lat} - ${centre.lat}) / 2), 2) +
      cos(radians(${centre.lat})) * cos(radians(${events.lat})) *
      power(sin(radians(${events.lng} - ${centre.lng}) / 2), 2))) <= ${radiusKm}`,
  ];
}

/**
 * Longitudes in [west, east]; a band crossing the antimeridian (west < -180 or
 * east > 180) wraps round to the other side, so 179.99° is near -179.99°.
 */
function longitudeBand(west: number, east: number): SQL {
  if (east - west >= 360) return sql`true`;
  if (west < -180) {
    return sql`(${events.lng} >= ${west + 360} or ${events.lng} <= ${east})`;
  }
  if (east > 180) {
    return sql`(${events.lng} >= ${west} or ${events.lng} <= ${east - 360})`;
  }
  return sql`${events.lng} between ${west} and ${east}`;
}

/**
 * Cursors are bound to the filters they were issued for (not to the page size),
 * so replaying one against another query is a clear 400, never a wrong page.
 */
function cursorKind(input: ListEventsInput): string {
  const { cursor: _c, limit: _l, ...filters } = input;
  const canonical = JSON.stringify(
    Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .sort(),
  );
  return `events.${createHash('sha256').update(canonical).digest('base64url').slice(0, 12)}`;
}

export async function listEvents(
  ctx: ServiceCtx,
  input: ListEventsInput,
): Promise<{ data: Event[]; nextCursor: string | null }> {
  const { data, nextCursor } = await listEventsPage(ctx, input);
  return { data, nextCursor };
}

/**
 * A page and, when it was cut at "now" (no `from`, no `updatedSince`), the
 * instant from which time alone may change it: as time passes, events only
 * leave such a list (when they end), so the page holds until one of the rows
 * read for it (the look-ahead row included) ends.
 */
export async function listEventsPage(
  ctx: ServiceCtx,
  input: ListEventsInput,
  options: { withDataVersion?: boolean } = {},
): Promise<{
  data: Event[];
  nextCursor: string | null;
  stableUntil: Date | null;
  /** With `withDataVersion`: the data version the rows were read at (null for an empty page). */
  dataVersion: string | null;
}> {
  const where = eventFilters(input, ctx.now());
  const kind = cursorKind(input);
  if (input.cursor) {
    const [startsAt, id] = decodeCursor(kind, input.cursor, 2);
    if (Number.isNaN(Date.parse(startsAt!))) throw invalidCursor();
    where.push(sql`(${events.startsAt}, ${events.id}) > (${isoParam(startsAt!)}, ${id})`);
  }
  // A named prepared statement (postgres.js keys them by SQL text, so one per
  // filter shape): PostgreSQL parses and plans each shape once per connection
  // instead of on every request, as it does for drizzle's unnamed statements.
  const rows = await selectEvents(ctx.db, options.withDataVersion ? READ_VERSION : undefined)
    .where(and(...where))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(input.limit + 1)
    .prepare('list_events')
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map(toEvent),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor(kind, [last.startsAt.toISOString(), last.id])
        : null,
    stableUntil: input.from || input.updatedSince ? null : firstEnd(rows),
    dataVersion: (rows[0] as { dataVersion?: string | null } | undefined)?.dataVersion ?? null,
  };
}

/** The data version in the same snapshot as the rows (see events-data-version.ts). */
const READ_VERSION = { dataVersion: EVENTS_DATA_VERSION };

/** When the first of these rows leaves a list cut at "now": at its end, or MAX_EVENT_DAYS after its start. */
function firstEnd(rows: { startsAt: Date; endsAt: Date }[]): Date | null {
  let first = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    first = Math.min(first, row.endsAt.getTime(), row.startsAt.getTime() + MAX_EVENT_DAYS * DAY_MS);
  }
  return Number.isFinite(first) ? new Date(first) : null;
}
