import { createRouter } from '../../lib/create-router.js';
import { getEventHandler, listChapterEventsHandler, listEventsHandler } from './events.handlers.js';
import { getEventRoute, listChapterEventsRoute, listEventsRoute } from './events.routes.js';

export function eventsRouter() {
  return createRouter()
    .openapi(listEventsRoute, listEventsHandler)
    .openapi(getEventRoute, getEventHandler)
    .openapi(listChapterEventsRoute, listChapterEventsHandler);
}
