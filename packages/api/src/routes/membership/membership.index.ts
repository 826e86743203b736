import { createRouter } from '../../lib/create-router.js';

export function membershipRouter() {
  return createRouter();
}
