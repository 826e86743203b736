import type { Context } from 'hono';
import { preferredEncoding } from '../../lib/compress.js';
import type { AppDeps, AppEnv } from '../../lib/context.js';
import { encodedBody, jsonPage, PageCache } from '../../lib/page-cache.js';
import { serviceCtx } from '../../lib/service-context.js';
import type { ServiceCtx } from '../../services/context.js';
import { eventsDataVersion } from '../../services/events/events-data-version.js';
import type { EventsPage } from '../../services/events/list-events.js';

/** One cache per app (tests build many apps over many databases). */
const caches = new WeakMap<AppDeps, PageCache<string | null>>();

function cacheOf(deps: AppDeps): PageCache<string | null> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new PageCache();
    caches.set(deps, cache);
  }
  return cache;
}

/**
 * Answers a public event list from the page built for the same URL at the
 * current data version, building it only when there is none: the version is
 * one primary-key read, so a repeated or revalidated request (If-None-Match)
 * costs that read instead of the page's query and its JSON. Compressed bodies
 * are kept alongside, made once. Callers with an API key are answered as
 * before, never from or into the cache.
 *
 * `headers` adds what the route sends with every page (Link, Cache-Control).
 */
export async function cachedEventPage(
  c: Context<AppEnv>,
  build: (ctx: ServiceCtx, withDataVersion: boolean) => Promise<EventsPage>,
  headers: (c: Context<AppEnv>, nextCursor: string | null) => void,
): Promise<Response> {
  const ctx = serviceCtx(c);
  if (c.get('principal')) {
    const page = await build(ctx, false);
    headers(c, page.nextCursor);
    return c.body(pageJson(page), 200, { 'Content-Type': 'application/json' });
  }
  const cache = cacheOf(c.get('deps'));
  const url = new URL(c.req.url);
  const key = `${url.pathname}${url.search}`;
  const now = ctx.now().getTime();
  // A kept page is checked against the version read first. Otherwise the page's
  // own query reads the version in the same snapshot as its rows (one query, as
  // without keeping). Either way a page is only ever labelled with a version
  // its data is at least as new as.
  const version = cache.has(key) ? await eventsDataVersion(ctx.db) : undefined;
  let entry = version ? cache.get(key, version, now) : undefined;
  if (!entry) {
    const page = await build(ctx, version === undefined);
    const label = version === undefined ? page.dataVersion : version;
    const built = jsonPage(
      pageJson(page),
      label ?? '',
      page.stableUntil?.getTime() ?? null,
      page.nextCursor,
    );
    // No version (its rows missing): answer, don't keep.
    if (label) cache.set(key, built);
    entry = built;
  }
  // A matching revalidation is answered here: handing the etag middleware the 200 to
  // take apart again (cancel its body, copy its headers into a new answer, delete
  // those a 304 does not carry) made a kept page's 304 cost more than its 200. This
  // 304 carries what that one did: the strong ETag, and what outer middleware adds
  // (Cache-Control, CORS, rate limits); not the page's Link.
  if (matches(entry.etag, c.req.header('If-None-Match'))) {
    c.header('ETag', entry.etag);
    return c.body(null, 304);
  }
  headers(c, entry.meta);
  const encoding =
    c.req.method === 'GET' ? preferredEncoding(c.req.header('Accept-Encoding')) : undefined;
  const encoded = encoding ? await encodedBody(entry, encoding) : null;
  c.header('Content-Type', 'application/json');
  if (encoding && encoded) {
    // Same content, other bytes: a weak validator, as the compression middleware gives.
    c.header('ETag', `W/${entry.etag}`);
    c.header('Content-Encoding', encoding);
    c.header('Content-Length', String(encoded.byteLength));
    c.header('Vary', 'Accept-Encoding', { append: true });
    return c.body(encoded, 200);
  }
  c.header('ETag', entry.etag);
  c.header('Content-Length', String(entry.body.byteLength));
  return c.body(entry.body, 200);
}

/** The body: `{"data":[…],"nextCursor":…}`, as JSON.stringify writes it. */
function pageJson(page: EventsPage): string {
  return `{"data":${page.items},"nextCursor":${page.nextCursor === null ? 'null' : JSON.stringify(page.nextCursor)}}`;
}

/** If-None-Match names this entity tag, weakly compared (RFC 9110 §13.1.2). */
function matches(etag: string, ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || (ifNoneMatch.match(/"[^"]*"/g)?.includes(etag) ?? false);
}
