import type { Context } from 'hono';
import { chaptersWithDeclaredScope, requireKey } from '../../auth/authorize.js';
import { allows } from '../../auth/principal.js';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/create-router.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { chapterNotFound } from '../../services/chapters/chapter-errors.js';
import { decideItem } from '../../services/moderation/decide-item.js';
import { hideEvent, listHiddenEvents, unhideEvent } from '../../services/moderation/hide-event.js';
import type { CanModerate } from '../../services/moderation/moderation-errors.js';
import { listModerationQueue } from '../../services/moderation/moderation-queue.js';
import { takeOverEvent } from '../../services/moderation/take-over.js';
import {
  approveItemRoute,
  hideEventRoute,
  listHiddenRoute,
  listModerationRoute,
  rejectItemRoute,
  takeOverEventRoute,
  unhideEventRoute,
} from './moderation.routes.js';

/** Which chapters' events the key may moderate. */
function moderator(c: Context<AppEnv>): CanModerate {
  const principal = requireKey(c);
  return (chapterId) => allows(principal, 'events:moderate', chapterId);
}

/**
 * The chapters a list may show: those the key moderates, narrowed to one when
 * asked; a chapter the key does not moderate is answered as one that does not exist.
 */
function moderatedChapters(c: Context<AppEnv>, chapter: string | undefined): string[] | null {
  const mine = chaptersWithDeclaredScope(c);
  if (!chapter) return mine;
  if (mine && !mine.includes(chapter)) throw chapterNotFound(chapter);
  return [chapter];
}

export function moderationRouter() {
  return createRouter()
    .openapi(listModerationRoute, async (c) => {
      const query = c.req.valid('query');
      const page = await listModerationQueue(serviceCtx(c), {
        ...query,
        chapters: moderatedChapters(c, query.chapter),
      });
      const link = nextLink(c.req.url, page.nextCursor);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    })
    .openapi(listHiddenRoute, async (c) => {
      const query = c.req.valid('query');
      const page = await listHiddenEvents(serviceCtx(c), {
        ...query,
        chapters: moderatedChapters(c, query.chapter),
      });
      const link = nextLink(c.req.url, page.nextCursor);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    })
    .openapi(approveItemRoute, async (c) => {
      const decision = await decideItem(serviceCtx(c), {
        itemId: c.req.valid('param').itemId,
        decision: 'approved',
        canModerate: moderator(c),
      });
      return c.json(decision, 200);
    })
    .openapi(rejectItemRoute, async (c) => {
      const decision = await decideItem(serviceCtx(c), {
        itemId: c.req.valid('param').itemId,
        decision: 'rejected',
        canModerate: moderator(c),
      });
      return c.json(decision, 200);
    })
    .openapi(hideEventRoute, async (c) => {
      const result = await hideEvent(serviceCtx(c), {
        eventId: c.req.valid('param').eventId,
        reason: c.req.valid('json').reason,
        canModerate: moderator(c),
      });
      return c.json(result, 200);
    })
    .openapi(unhideEventRoute, async (c) => {
      const result = await unhideEvent(serviceCtx(c), {
        eventId: c.req.valid('param').eventId,
        canModerate: moderator(c),
      });
      return c.json(result, 200);
    })
    .openapi(takeOverEventRoute, async (c) => {
      const event = await takeOverEvent(serviceCtx(c), c.req.valid('param').eventId);
      return c.json(event, 200);
    });
}
