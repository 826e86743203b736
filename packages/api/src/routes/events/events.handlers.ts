import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cachePublic } from '../../lib/cache.js';
import type { AppEnv } from '../../lib/context.js';
import { nextLink } from '../../lib/links.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { getEventOrThrow } from '../../services/events/get-event.js';
import { listEvents } from '../../services/events/list-events.js';
import { serviceCtx } from '../../services/from-context.js';
import type { getEventRoute, listChapterEventsRoute, listEventsRoute } from './events.routes.js';

function pageHeaders(c: Context, nextCursor: string | null) {
  const link = nextLink(c.req.url, nextCursor);
  if (link) c.header('Link', link);
  cachePublic(c, 60);
}

export const listEventsHandler: RouteHandler<typeof listEventsRoute, AppEnv> = async (c) => {
  const page = await listEvents({ ctx: serviceCtx(c), input: c.req.valid('query') });
  pageHeaders(c, page.nextCursor);
  return c.json(page, 200);
};

export const listChapterEventsHandler: RouteHandler<typeof listChapterEventsRoute, AppEnv> = async (
  c,
) => {
  const ctx = serviceCtx(c);
  const { chapterId } = c.req.valid('param');
  await getChapterOrThrow({ ctx, chapterId });
  const page = await listEvents({ ctx, input: { ...c.req.valid('query'), chapter: [chapterId] } });
  pageHeaders(c, page.nextCursor);
  return c.json(page, 200);
};

export const getEventHandler: RouteHandler<typeof getEventRoute, AppEnv> = async (c) => {
  const event = await getEventOrThrow({
    ctx: serviceCtx(c),
    eventId: c.req.valid('param').eventId,
  });
  cachePublic(c, 60);
  return c.json(event, 200);
};
