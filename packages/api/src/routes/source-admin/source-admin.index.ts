import { createRouter } from '../../lib/create-router.js';

export function sourceAdminRouter() {
  return createRouter();
}
