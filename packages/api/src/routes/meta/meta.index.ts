import { createRouter } from '../../lib/create-router.js';
import { ApiError } from '../../lib/problem.js';
import { healthzRoute, readyzRoute } from './meta.routes.js';

export function metaRouter() {
  return createRouter()
    .openapi(healthzRoute, (c) => {
      return c.json({ status: 'ok' as const, version: c.get('deps').version }, 200);
    })
    .openapi(readyzRoute, async (c) => {
      try {
        await c.get('deps').ping();
      } catch {
        throw new ApiError('service_unavailable', 'The database is not reachable');
      }
      return c.json({ status: 'ok' as const, version: c.get('deps').version }, 200);
    });
}
