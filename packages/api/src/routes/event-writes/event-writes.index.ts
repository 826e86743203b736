import { createRouter } from '../../lib/create-router.js';
import {
  createEventHandler,
  deleteEventHandler,
  putExternalEventHandler,
  updateEventHandler,
} from './event-writes.handlers.js';
import {
  createEventRoute,
  deleteEventRoute,
  putExternalEventRoute,
  updateEventRoute,
} from './event-writes.routes.js';

export function eventWritesRouter() {
  return createRouter()
    .openapi(createEventRoute, createEventHandler)
    .openapi(putExternalEventRoute, putExternalEventHandler)
    .openapi(updateEventRoute, updateEventHandler)
    .openapi(deleteEventRoute, deleteEventHandler);
}
