import { createRouter } from '../../lib/create-router.js';

export function membersRouter() {
  return createRouter();
}
