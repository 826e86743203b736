import { createRouter } from '../../lib/create-router.js';
import { getChapterHandler, listChaptersHandler } from './chapters.handlers.js';
import { getChapterRoute, listChaptersRoute } from './chapters.routes.js';

export function chaptersRouter() {
  return createRouter()
    .openapi(listChaptersRoute, listChaptersHandler)
    .openapi(getChapterRoute, getChapterHandler);
}
