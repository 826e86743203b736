import { createRouter } from '../../lib/create-router.js';

export function chapterAdminRouter() {
  return createRouter();
}
