import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/context.js';
import { eventPageUrl, nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { getEventOrThrow } from '../../services/events/get-event.js';
import { listEventsPage } from '../../services/events/list-events.js';
import { eventToJsonLd } from '../../services/feeds/index.js';
import { cachedEventPage } from './cached-event-page.js';
import type { getEventRoute, listChapterEventsRoute, listEventsRoute } from './events.routes.js';

function pageHeaders(c: Context, nextCursor: string | null) {
  const link = nextLink(c.req.url, nextCursor);
  if (link) c.header('Link', link);
}

export const listEventsHandler: RouteHandler<typeof listEventsRoute, AppEnv> = (c) =>
  cachedEventPage(
    c,
    (ctx, withDataVersion) => listEventsPage(ctx, c.req.valid('query'), { withDataVersion }),
    pageHeaders,
  );

export const listChapterEventsHandler: RouteHandler<typeof listChapterEventsRoute, AppEnv> = async (
  c,
) => {
  const { chapterId } = c.req.valid('param');
  // A page kept at the current data version implies the chapter still exists
  // (chapters are part of that version), so only a build looks it up.
  return cachedEventPage(
    c,
    async (ctx, withDataVersion) => {
      await getChapterOrThrow(ctx, chapterId);
      return listEventsPage(
        ctx,
        { ...c.req.valid('query'), chapter: [chapterId] },
        { withDataVersion },
      );
    },
    pageHeaders,
  );
};

export const getEventHandler: RouteHandler<typeof getEventRoute, AppEnv> = async (c) => {
  const ctx = serviceCtx(c);
  const event = await getEventOrThrow(ctx, c.req.valid('param').eventId);
  // One URL, two representations: caches must key on Accept.
  c.header('Vary', 'Accept');
  if (prefersJsonLd(c.req.header('Accept'))) {
    const base = c.get('deps').publicUrl;
    const chapter = await getChapterOrThrow(ctx, event.chapterId).catch(() => null);
    const document = eventToJsonLd(event, {
      eventUrl: eventPageUrl(base, event.id),
      chapter,
      lang: c.req.valid('query').lang ?? null,
    });
    return c.body(JSON.stringify(document), 200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
    });
  }
  return c.json(event, 200);
};

/** JSON-LD only when the client names it before plain JSON; browsers and `*` + `/*` get JSON. */
function prefersJsonLd(accept: string | undefined): boolean {
  if (!accept) return false;
  const ld = accept.indexOf('application/ld+json');
  const json = accept.search(/application\/json(?![\w+])/);
  return ld >= 0 && (json < 0 || ld < json);
}
