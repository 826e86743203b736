import { createRouter } from '../../lib/create-router.js';

export function keysRouter() {
  return createRouter();
}
