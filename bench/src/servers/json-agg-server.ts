/**
 * The ceiling: the same page with its JSON built by PostgreSQL (json_agg +
 * json_build_object, local times and the address rule included) and written
 * out as-is. Node only wraps it in {"data":…,"nextCursor":…} and hashes it for
 * the ETag. Same filters, order, keyset and limit + 1 as the API.
 *
 * Env: DATABASE_URL, PORT (0 = any), POOL_SIZE, PREPARE (1 = named prepared statements).
 */
import type http from 'node:http';
import postgres from 'postgres';
import {
  encodeCursor,
  limitParam,
  listParams,
  parseListQuery,
  sendError,
  sendPage,
  serveOnLoopback,
  whereClause,
} from './shared.js';

const sql = postgres(process.env.DATABASE_URL!, {
  max: Number(process.env.POOL_SIZE ?? 10),
  onnotice: () => {},
  connection: { TimeZone: 'UTC' },
});
const prepare = process.env.PREPARE !== '0';

const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** RFC 3339 local time with a numeric offset, milliseconds only when non-zero (as luxon's toFormat in toEvent). */
const local = (column: string) => `(
  to_char(${column} at time zone "events"."time_zone",
    case when extract(microseconds from ${column})::bigint % 1000000 >= 1000
      then 'YYYY-MM-DD"T"HH24:MI:SS.MS' else 'YYYY-MM-DD"T"HH24:MI:SS' end)
  || (select case when m < 0 then '-' else '+' end
        || lpad((abs(m) / 60)::text, 2, '0') || ':' || lpad((abs(m) % 60)::text, 2, '0')
      from (select (extract(epoch from (${column} at time zone "events"."time_zone")
                   - (${column} at time zone 'UTC')) / 60)::int as m) o))`;

const EVENT_JSON = `json_build_object(
  'id', "events"."id",
  'chapterId', "events"."chapter_id",
  'title', "events"."title",
  'summary', "events"."summary",
  'description', "events"."description",
  'inLanguage', "events"."in_language",
  'startsAt', ${iso('"events"."starts_at"')},
  'endsAt', ${iso('"events"."ends_at"')},
  'timeZone', "events"."time_zone",
  'localStartsAt', ${local('"events"."starts_at"')},
  'localEndsAt', ${local('"events"."ends_at"')},
  'allDay', "events"."all_day",
  'status', "events"."status",
  'previousStartsAt', ${iso('"events"."previous_starts_at"')},
  'attendanceMode', "events"."attendance_mode",
  'venue', case when "events"."venue" is null or "events"."venue"->>'addressVisibility' = 'public'
    then "events"."venue" else jsonb_set("events"."venue", '{address}', 'null'::jsonb) end,
  'onlineUrl', "events"."online_url",
  'registrationUrl', "events"."registration_url",
  'capacity', "events"."capacity",
  'tags', "events"."tags",
  'principles', "events"."principles",
  'accessibility', "events"."accessibility",
  'series', case when "events"."series_id" is not null and "events"."recurrence_id" is not null
    then json_build_object('id', "events"."series_id", 'recurrenceId', "events"."recurrence_id",
      'rrule', coalesce("event_series"."rrule", '')) end,
  'provenance', json_build_object(
    'sourceKind', "events"."source_kind",
    'sourceId', "events"."source_id",
    'upstreamUid', "events"."upstream_uid",
    'originInstance', "events"."origin_instance",
    'lastSeenAt', ${iso('"events"."last_seen_at"')}),
  'sequence', "events"."sequence",
  'createdAt', ${iso('"events"."created_at"')},
  'updatedAt', ${iso('"events"."updated_at"')})`;

const cache = new Map<string, string>();
/** $L (the page size) comes after listParams()'s limit + 1. */
function pageSql(chapterCount: number, withCursor: boolean): string {
  const key = `${chapterCount}:${withCursor}`;
  let text = cache.get(key);
  if (!text) {
    const limitPlusOne = limitParam(chapterCount, withCursor);
    const pageSize = `$${Number(limitPlusOne.slice(1)) + 1}`;
    text = `with page as (
  select ${EVENT_JSON} as doc, "events"."starts_at", "events"."id",
    row_number() over (order by "events"."starts_at", "events"."id") as rn
  from "events" left join "event_series" on "event_series"."id" = "events"."series_id"
  ${whereClause(chapterCount, withCursor)}
  order by "events"."starts_at" asc, "events"."id" asc
  limit ${limitPlusOne}
)
select coalesce(json_agg(doc order by rn) filter (where rn <= ${pageSize}::bigint), '[]'::json)::text as data,
  count(*) > ${pageSize}::bigint as more,
  max(${iso('starts_at')}) filter (where rn = ${pageSize}::bigint) as last_starts_at,
  max(id) filter (where rn = ${pageSize}::bigint) as last_id
from page`;
    cache.set(key, text);
  }
  return text;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== '/v1/events') {
    sendError(res, 404, 'not found');
    return;
  }
  const q = parseListQuery(url.searchParams);
  const [row] = (await sql.unsafe(
    pageSql(q.chapters.length, q.cursor !== null),
    [...listParams(q), q.limit],
    { prepare },
  )) as unknown as {
    data: string;
    more: boolean;
    last_starts_at: string | null;
    last_id: string | null;
  }[];
  const nextCursor =
    row?.more && row.last_starts_at && row.last_id
      ? encodeCursor(q.kind, [row.last_starts_at, row.last_id])
      : null;
  const body = `{"data":${row?.data ?? '[]'},"nextCursor":${nextCursor ? `"${nextCursor}"` : 'null'}}`;
  sendPage(req, res, body, nextCursor);
}

serveOnLoopback(handle, () => sql.end({ timeout: 5 }));
