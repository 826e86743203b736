/**
 * The floor for this stack: bare node:http + postgres.js answering
 * GET /v1/events?chapter=…&from=…&limit=…[&cursor=…] with the same SQL as the
 * API's listEvents and the same JSON (byte for byte), ETag, Link and 304.
 * No framework, no validation library, no logging.
 *
 * Env: DATABASE_URL, PORT (0 = any), POOL_SIZE, PREPARE (1 = named prepared
 * statements, postgres.js's default; 0 = unnamed, as drizzle sends them).
 */
import type http from 'node:http';
import postgres from 'postgres';
// The same local-time formatting as the API, so both build byte-identical JSON.
import { localIso } from '../../../packages/api/src/lib/local-time.js';
import {
  encodeCursor,
  listParams,
  listSql,
  parseListQuery,
  sendError,
  sendPage,
  serveOnLoopback,
} from './shared.js';

const sql = postgres(process.env.DATABASE_URL!, {
  max: Number(process.env.POOL_SIZE ?? 10),
  onnotice: () => {},
  connection: { TimeZone: 'UTC' },
});
const prepare = process.env.PREPARE !== '0';

interface Row {
  id: string;
  chapter_id: string;
  title: Record<string, string>;
  summary: Record<string, string> | null;
  description: Record<string, string> | null;
  in_language: string[];
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  all_day: boolean;
  status: string;
  previous_starts_at: Date | null;
  attendance_mode: string;
  venue: { addressVisibility: string; address: string | null } | null;
  online_url: string | null;
  registration_url: string | null;
  capacity: number | null;
  tags: string[];
  principles: string[];
  accessibility: unknown;
  series_id: string | null;
  recurrence_id: string | null;
  source_kind: string;
  source_id: string | null;
  upstream_uid: string | null;
  origin_instance: string;
  last_seen_at: Date | null;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  rrule: string | null;
}

/** Same keys, same order, same rules as the API's toEvent. */
function toEvent(row: Row) {
  const venue = row.venue
    ? {
        ...row.venue,
        address: row.venue.addressVisibility === 'public' ? row.venue.address : null,
      }
    : null;
  return {
    id: row.id,
    chapterId: row.chapter_id,
    title: row.title,
    summary: row.summary,
    description: row.description,
    inLanguage: row.in_language,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    localStartsAt: localIso(row.starts_at, row.time_zone),
    localEndsAt: localIso(row.ends_at, row.time_zone),
    allDay: row.all_day,
    status: row.status,
    previousStartsAt: row.previous_starts_at?.toISOString() ?? null,
    attendanceMode: row.attendance_mode,
    venue,
    onlineUrl: row.online_url,
    registrationUrl: row.registration_url,
    capacity: row.capacity,
    tags: row.tags,
    principles: row.principles,
    accessibility: row.accessibility,
    series:
      row.series_id && row.recurrence_id
        ? { id: row.series_id, recurrenceId: row.recurrence_id, rrule: row.rrule ?? '' }
        : null,
    provenance: {
      sourceKind: row.source_kind,
      sourceId: row.source_id,
      upstreamUid: row.upstream_uid,
      originInstance: row.origin_instance,
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    },
    sequence: row.sequence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== '/v1/events') {
    sendError(res, 404, 'not found');
    return;
  }
  const q = parseListQuery(url.searchParams);
  const rows = (await sql.unsafe(listSql(q.chapters.length, q.cursor !== null), listParams(q), {
    prepare,
  })) as unknown as Row[];
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor(q.kind, [last.starts_at.toISOString(), last.id])
      : null;
  sendPage(req, res, JSON.stringify({ data: page.map(toEvent), nextCursor }), nextCursor);
}

serveOnLoopback(handle, () => sql.end({ timeout: 5 }));
