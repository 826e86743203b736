import { createHash } from 'node:crypto';
import { type Event, type EventListQuery, MAX_EVENT_DAYS } from '@oneteamgov/schema';
import { and, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { chapters, events } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';
import { matchesSearch } from '../search-query.js';
import { EVENT_JSON, isoText, offsetMinutes } from './event-json-sql.js';
import { EVENTS_DATA_VERSION } from './events-data-version.js';
import { publiclyVisible } from './publicly-visible.js';
import { queryRows } from './query-rows.js';
import { offersEvery } from './select-events.js';

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

/** A page of events as JSON (the form lists are answered in) and what it needs to be kept. */
export interface EventsPage {
  /** The page's events as a JSON array, byte for byte `JSON.stringify(page.map(toEvent))`. */
  items: string;
  nextCursor: string | null;
  /**
   * When the page was cut at "now" (no `from`, no `updatedSince`), the instant
   * from which time alone may change it: as time passes, events only leave
   * such a list (when they end), so the page holds until one of the rows read
   * for it (the look-ahead row included) ends. Null otherwise, or with no rows.
   */
  stableUntil: Date | null;
  /** With `withDataVersion`: the data version the rows were read at. */
  dataVersion: string | null;
}

/** A page as objects, for callers that work with the events (MCP tools, calendars). */
export async function listEvents(
  ctx: ServiceCtx,
  input: ListEventsInput,
): Promise<{ data: Event[]; nextCursor: string | null }> {
  const { items, nextCursor } = await listEventsPage(ctx, input);
  return { data: JSON.parse(items) as Event[], nextCursor };
}

/**
 * The page's JSON is built by PostgreSQL (see event-json-sql.ts): Node only
 * passes the filters and joins the answer's text into the body. The statement
 * is named after its SQL text and runs with a generic plan (see query-rows.ts),
 * so each filter shape is parsed and planned once per connection.
 */
export async function listEventsPage(
  ctx: ServiceCtx,
  input: ListEventsInput,
  options: { withDataVersion?: boolean } = {},
): Promise<EventsPage> {
  const where = eventFilters(input, ctx.now());
  const kind = cursorKind(input);
  if (input.cursor) {
    const [startsAt, id] = decodeCursor(kind, input.cursor, 2);
    if (Number.isNaN(Date.parse(startsAt!))) throw invalidCursor();
    where.push(sql`(${events.startsAt}, ${events.id}) > (${isoParam(startsAt!)}, ${id})`);
  }
  const [row] = await queryRows<PageRow>(
    ctx.db,
    pageQuery(and(...where)!, input.limit, options.withDataVersion ?? false),
    { genericPlan: walksAnIndex(input) },
  );
  if (!row) throw new Error('the page query answered no row');
  return {
    items: `[${row.items}]`,
    nextCursor:
      row.more && row.last_starts_at && row.last_id
        ? encodeCursor(kind, [row.last_starts_at, row.last_id])
        : null,
    stableUntil:
      input.from || input.updatedSince || row.first_end === null ? null : new Date(row.first_end),
    dataVersion: row.data_version,
  };
}

/** Inputs under which a page is read by walking an index in page order. */
const INDEX_WALK = new Set(['chapter', 'includeSubchapters', 'from', 'to', 'cursor', 'limit']);

/**
 * A page filtered only by chapter and time (and the cursor) is best read by
 * walking (chapter_id, starts_at) or (starts_at, id) in order and stopping after
 * limit + 1 rows, whatever the values: a generic plan, made once, is the right
 * one. Any other filter's values decide between that walk and collecting the
 * matches through another index, so those pages are planned for their values.
 */
function walksAnIndex(input: ListEventsInput): boolean {
  return Object.entries(input).every(([key, value]) => value === undefined || INDEX_WALK.has(key));
}

interface PageRow {
  /** The page's events, comma-separated ('' for none). */
  items: string;
  /** A row beyond the page exists. */
  more: boolean;
  last_starts_at: string | null;
  last_id: string | null;
  /** Epoch ms at which the first row read ends (or passes MAX_EVENT_DAYS). */
  first_end: number | null;
  data_version: string | null;
}

/** The columns EVENT_JSON reads, as `p`, plus each instant's rounded zone offset. */
const PAGE_COLUMNS =
  sql.raw(`"events"."id", "events"."chapter_id", "events"."title", "events"."summary",
  "events"."description", "events"."in_language", "events"."starts_at", "events"."ends_at",
  "events"."time_zone", "events"."all_day", "events"."status", "events"."previous_starts_at",
  "events"."attendance_mode", "events"."venue", "events"."online_url", "events"."registration_url",
  "events"."capacity", "events"."tags", "events"."principles", "events"."accessibility",
  "events"."series_id", "events"."recurrence_id", "event_series"."rrule" as series_rrule,
  "events"."source_kind", "events"."source_id", "events"."upstream_uid", "events"."origin_instance",
  "events"."last_seen_at", "events"."sequence", "events"."created_at", "events"."updated_at",
  ${offsetMinutes('"events"."starts_at"', '"events"."time_zone"')} as starts_offset,
  ${offsetMinutes('"events"."ends_at"', '"events"."time_zone"')} as ends_offset,
  row_number() over (order by "events"."starts_at", "events"."id") as n`);

const PAGE_FROM = sql.raw(
  'from "events" left join "event_series" on "event_series"."id" = "events"."series_id"',
);

const MAX_EVENT_HOURS = MAX_EVENT_DAYS * 24;

/**
 * Limit + 1 rows (the look-ahead tells whether there is a next page), folded
 * into one row: the page's JSON, the next cursor's key, when the first row
 * read leaves a list cut at "now", and, when asked, the data version in the
 * same snapshot as the rows (see events-data-version.ts).
 */
function pageQuery(where: SQL, limit: number, withDataVersion: boolean): SQL {
  return sql`select coalesce(string_agg(${sql.raw(EVENT_JSON)}, ',' order by p.n) filter (where p.n <= ${limit}), '') as items,
  count(*) > ${limit} as more,
  max(${sql.raw(isoText('p.starts_at'))}) filter (where p.n = ${limit}) as last_starts_at,
  max(p.id) filter (where p.n = ${limit}) as last_id,
  (extract(epoch from min(least(p.ends_at, p.starts_at + interval '${sql.raw(String(MAX_EVENT_HOURS))} hours'))) * 1000)::float8 as first_end,
  ${withDataVersion ? EVENTS_DATA_VERSION : sql.raw('null::text')} as data_version
from (select ${PAGE_COLUMNS} ${PAGE_FROM} where ${where}
  order by "events"."starts_at" asc, "events"."id" asc limit ${limit + 1}) p`;
}
