import { createRouter } from '../../lib/create-router.js';

export function eventWritesRouter() {
  return createRouter();
}
