import type { Context } from 'hono';
import { CACHING, cacheControl } from '../lib/cache.js';
import type { AppEnv } from '../lib/context.js';
import { createRouter } from '../lib/create-router.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { knownQueryOnly } from '../lib/known-query.js';
import { ApiError } from '../lib/problem.js';
import { createActivity } from './activities.js';
import { findLocalChapter } from './chapter-profile.js';
import { EVENT_CONTEXT, eventObject } from './event-object.js';
import { countChapterEvents, findOwnEvent, pageOfChapterEvents } from './local-events.js';
import { ACTIVITY_JSON, outboxUrl } from './paths.js';

const PAGE_SIZE = 20;
const CURSOR_KIND = 'ap-outbox';
const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';

/**
 * A chapter's outbox and its events' ActivityPub documents. Served here rather
 * than by Fedify's collection dispatcher so each `Create` carries the full
 * Mobilizon-style event (time zone, address, attendance mode), the same JSON
 * followers receive.
 */
export function outboxRouter() {
  const router = createRouter();
  router.get('/ap/chapters/:id/outbox', knownQueryOnly({ shape: { page: true } }), async (c) => {
    const { db, publicUrl } = c.get('deps');
    const chapter = await findLocalChapter(db, publicUrl, c.req.param('id'));
    if (!chapter) throw new ApiError('not_found', `No chapter actor ${c.req.param('id')}`);
    const collection = outboxUrl(publicUrl, chapter.id);
    const page = c.req.query('page');
    if (page === undefined) {
      return activityJson(c, {
        '@context': AS_CONTEXT,
        id: collection,
        type: 'OrderedCollection',
        totalItems: await countChapterEvents(db, publicUrl, chapter.id),
        first: `${collection}?page=`,
      });
    }
    const after = page === '' ? null : positionOf(page);
    const result = await pageOfChapterEvents(db, publicUrl, chapter.id, after, PAGE_SIZE);
    const items = await Promise.all(result.events.map((e) => createActivity(publicUrl, e)));
    const current = `${collection}?page=${encodeURIComponent(page)}`;
    return activityJson(c, {
      '@context': [AS_CONTEXT, EVENT_CONTEXT],
      id: current,
      type: 'OrderedCollectionPage',
      partOf: collection,
      orderedItems: items.map(({ '@context': _context, ...item }) => item),
      ...(result.next
        ? {
            next: `${collection}?page=${encodeCursor(CURSOR_KIND, [result.next.createdAt, result.next.id])}`,
          }
        : {}),
    });
  });
  router.get('/ap/events/:id', knownQueryOnly(undefined), async (c) => {
    const { db, publicUrl } = c.get('deps');
    const event = await findOwnEvent(db, publicUrl, c.req.param('id'));
    if (!event) throw new ApiError('not_found', `No published event ${c.req.param('id')}`);
    return activityJson(c, await eventObject(publicUrl, event));
  });
  return router;
}

function positionOf(cursor: string) {
  const [createdAt, id] = decodeCursor(CURSOR_KIND, cursor, 2);
  return { createdAt: createdAt!, id: id! };
}

function activityJson(c: Context<AppEnv>, body: unknown) {
  return c.body(JSON.stringify(body), 200, {
    'Content-Type': `${ACTIVITY_JSON}; charset=utf-8`,
    'Cache-Control': cacheControl(CACHING.listing),
    Vary: 'Accept',
  });
}
