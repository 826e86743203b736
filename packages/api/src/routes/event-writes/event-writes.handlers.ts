import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { declaredScopeChecker } from '../../auth/authorize.js';
import type { AppEnv } from '../../lib/context.js';
import { serviceCtx } from '../../lib/service-context.js';
import { createPushedEvent } from '../../services/event-writes/create-event.js';
import { deleteEvent } from '../../services/event-writes/delete-event.js';
import { patchEvent } from '../../services/event-writes/patch-event.js';
import { putExternalEvent } from '../../services/event-writes/put-external-event.js';
import type { CanWrite } from '../../services/event-writes/writable.js';
import type {
  createEventRoute,
  deleteEventRoute,
  putExternalEventRoute,
  updateEventRoute,
} from './event-writes.routes.js';

/** For objects addressed by their own id: which chapters the key may write events in. */
export function eventWriter(c: Context<AppEnv>): CanWrite {
  return declaredScopeChecker(c);
}

export const eventLocation = (id: string) => `/v1/events/${encodeURIComponent(id)}`;

export const createEventHandler: RouteHandler<typeof createEventRoute, AppEnv> = async (c) => {
  const { chapterId } = c.req.valid('param');
  const event = await createPushedEvent(serviceCtx(c), { chapterId, input: c.req.valid('json') });
  c.header('Location', eventLocation(event.id));
  return c.json(event, 201);
};

export const putExternalEventHandler: RouteHandler<typeof putExternalEventRoute, AppEnv> = async (
  c,
) => {
  const { chapterId, externalId } = c.req.valid('param');
  const { event, created } = await putExternalEvent(serviceCtx(c), {
    chapterId,
    externalId,
    input: c.req.valid('json'),
  });
  if (!created) return c.json(event, 200);
  c.header('Location', eventLocation(event.id));
  return c.json(event, 201);
};

export const updateEventHandler: RouteHandler<typeof updateEventRoute, AppEnv> = async (c) => {
  const event = await patchEvent(serviceCtx(c), {
    eventId: c.req.valid('param').eventId,
    patch: c.req.valid('json'),
    canWrite: eventWriter(c),
  });
  return c.json(event, 200);
};

export const deleteEventHandler: RouteHandler<typeof deleteEventRoute, AppEnv> = async (c) => {
  const { eventId } = c.req.valid('param');
  await deleteEvent(serviceCtx(c), { eventId, canWrite: eventWriter(c) });
  return c.body(null, 204);
};
