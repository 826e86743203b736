import { createRouter } from '../../lib/create-router.js';

export function auditRouter() {
  return createRouter();
}
