import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { listChapters } from '../../services/chapters/list-chapters.js';
import type { getChapterRoute, listChaptersRoute } from './chapters.routes.js';

export const listChaptersHandler: RouteHandler<typeof listChaptersRoute, AppEnv> = async (c) => {
  const page = await listChapters(serviceCtx(c), c.req.valid('query'));
  const link = nextLink(c.req.url, page.nextCursor);
  if (link) c.header('Link', link);
  return c.json(page, 200);
};

export const getChapterHandler: RouteHandler<typeof getChapterRoute, AppEnv> = async (c) => {
  const chapter = await getChapterOrThrow(serviceCtx(c), c.req.valid('param').chapterId);
  return c.json(chapter, 200);
};
