import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * What the hand-written servers share: the request parsing, cursor and ETag
 * rules of GET /v1/events (chapter + from + limit + cursor only) and the exact
 * SQL the API's listEvents sends for that case.
 */

const DAY_MS = 86_400_000;
/** MAX_EVENT_DAYS in @oneteamgov/schema: bounds the start-time scan for events under way. */
const MAX_EVENT_DAYS = 31;
const MAX_LIMIT = 100;

/**
 * Copied from drizzle's `.toSQL()` of listEvents (selectEvents + eventFilters +
 * keyset + limit) for the chapter/from/limit[/cursor] case; run.ts compares it
 * with the API's current SQL before measuring. Parameters: $1 from, $2 from − 31
 * days, $3… chapters, then the cursor (starts_at, id), then limit + 1.
 */
const SELECT_LIST =
  'select "events"."id", "events"."chapter_id", "events"."title", "events"."summary", "events"."description", "events"."in_language", "events"."starts_at", "events"."ends_at", "events"."time_zone", "events"."all_day", "events"."status", "events"."previous_starts_at", "events"."attendance_mode", "events"."venue", "events"."country", "events"."lat", "events"."lng", "events"."online_url", "events"."registration_url", "events"."capacity", "events"."tags", "events"."principles", "events"."accessibility", "events"."series_id", "events"."recurrence_id", "events"."source_kind", "events"."source_id", "events"."upstream_uid", "events"."origin_instance", "events"."last_seen_at", "events"."sequence", "events"."hidden_at", "events"."hidden_reason", "events"."hidden_by", "events"."detached_from", "events"."created_at", "events"."updated_at", "events"."deleted_at", "event_series"."rrule" from "events" left join "event_series" on "event_series"."id" = "events"."series_id"';

export function whereClause(chapterCount: number, withCursor: boolean): string {
  const chapters = Array.from({ length: chapterCount }, (_, i) => `$${i + 3}`).join(', ');
  const cursor = withCursor
    ? ` and ("events"."starts_at", "events"."id") > ($${chapterCount + 3}::timestamptz, $${chapterCount + 4})`
    : '';
  return `where (("events"."deleted_at" is null and "events"."hidden_at" is null) and "events"."ends_at" >= $1::timestamptz and "events"."starts_at" >= $2::timestamptz and "events"."chapter_id" in (${chapters})${cursor})`;
}

export function limitParam(chapterCount: number, withCursor: boolean): string {
  return `$${chapterCount + 3 + (withCursor ? 2 : 0)}`;
}

const listSqlCache = new Map<string, string>();
export function listSql(chapterCount: number, withCursor: boolean): string {
  const key = `${chapterCount}:${withCursor}`;
  let text = listSqlCache.get(key);
  if (!text) {
    text = `${SELECT_LIST} ${whereClause(chapterCount, withCursor)} order by "events"."starts_at" asc, "events"."id" asc limit ${limitParam(chapterCount, withCursor)}`;
    listSqlCache.set(key, text);
  }
  return text;
}

export interface ListQuery {
  chapters: string[];
  /** `from` as the client sent it (it is part of the cursor's filter binding). */
  fromRaw: string;
  from: string;
  fromScan: string;
  limit: number;
  cursor: { startsAt: string; id: string } | null;
  kind: string;
}

export class BadRequest extends Error {}

const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The API binds cursors to the filters they were issued for:
 * `events.` + base64url(sha256(JSON of the sorted [name, value] filter pairs)).
 */
export function cursorKind(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .sort(),
  );
  return `events.${createHash('sha256').update(canonical).digest('base64url').slice(0, 12)}`;
}

export function encodeCursor(kind: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), 'utf8').toString('base64url');
}

export function parseListQuery(params: URLSearchParams): ListQuery {
  for (const name of params.keys()) {
    if (!['chapter', 'from', 'limit', 'cursor'].includes(name)) {
      throw new BadRequest(`unsupported parameter ${name}`);
    }
  }
  const chapters = params
    .getAll('chapter')
    .flatMap((v) => v.split(','))
    .filter((v) => v !== '');
  if (chapters.length === 0 || chapters.length > 50 || !chapters.every((c) => SLUG.test(c))) {
    throw new BadRequest('chapter is required (1–50 slugs)');
  }
  const fromRaw = params.get('from');
  if (!fromRaw || !INSTANT.test(fromRaw) || Number.isNaN(Date.parse(fromRaw))) {
    throw new BadRequest('from must be an RFC 3339 instant');
  }
  const limitRaw = params.get('limit') ?? '20';
  const limit = Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequest('bad limit');
  const fromDate = new Date(fromRaw);
  // includeSubchapters is in the API's validated input (default false), so in the binding too.
  const kind = cursorKind({ chapter: chapters, from: fromRaw, includeSubchapters: false });
  let cursor: ListQuery['cursor'] = null;
  const cursorRaw = params.get('cursor');
  if (cursorRaw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursorRaw, 'base64url').toString('utf8'));
    } catch {
      throw new BadRequest('invalid cursor');
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 3 ||
      parsed[0] !== kind ||
      typeof parsed[1] !== 'string' ||
      typeof parsed[2] !== 'string' ||
      Number.isNaN(Date.parse(parsed[1]))
    ) {
      throw new BadRequest('invalid cursor');
    }
    cursor = { startsAt: parsed[1], id: parsed[2] };
  }
  return {
    chapters,
    fromRaw,
    from: fromDate.toISOString(),
    fromScan: new Date(fromDate.getTime() - MAX_EVENT_DAYS * DAY_MS).toISOString(),
    limit,
    cursor,
    kind,
  };
}

/** Positional parameters in the order listSql() numbers them. */
export function listParams(q: ListQuery): (string | number)[] {
  const params: (string | number)[] = [q.from, q.fromScan, ...q.chapters];
  if (q.cursor) params.push(q.cursor.startsAt, q.cursor.id);
  params.push(q.limit + 1);
  return params;
}

/** RFC 8288 next link, built as the API builds it (URLSearchParams re-serialisation). */
export function nextLink(requestUrl: string, nextCursor: string | null): string | undefined {
  if (!nextCursor) return undefined;
  const url = new URL(requestUrl, 'http://127.0.0.1');
  url.searchParams.set('cursor', nextCursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/** Strong ETag over the body bytes: hex SHA-1, as hono/etag computes it. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('hex')}"`;
}

function etagMatches(etag: string, ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === '*') return true;
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === etag) ?? false;
}

const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60';

/** 200 with ETag, Cache-Control and Link, or 304 when If-None-Match matches. */
export function sendPage(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  nextCursor: string | null,
): void {
  const etag = etagOf(body);
  if (etagMatches(etag, req.headers['if-none-match'])) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': CACHE_CONTROL });
    res.end();
    return;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': CACHE_CONTROL,
    ETag: etag,
  };
  const link = nextLink(req.url ?? '/', nextCursor);
  if (link) headers.Link = link;
  res.writeHead(200, headers);
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ status, detail: message });
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(body);
}

/** Prints the port for the parent process (see servers/spawn.ts). */
export function announce(port: number): void {
  process.stdout.write(`READY ${port}\n`);
}

export function shutdownOn(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Serves `handle` on 127.0.0.1 (PORT or a free port), answers BadRequest with 400
 * and anything else with 500, announces the port and shuts down cleanly on a signal.
 */
export function serveOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  closeDatabase: () => Promise<void>,
): void {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BadRequest) sendError(res, 400, error.message);
      else {
        console.error(error);
        sendError(res, 500, 'internal error');
      }
    });
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    announce(typeof address === 'object' && address ? address.port : 0);
  });
  shutdownOn(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDatabase();
  });
}
