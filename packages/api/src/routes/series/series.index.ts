import { createRouter } from '../../lib/create-router.js';

export function seriesRouter() {
  return createRouter();
}
