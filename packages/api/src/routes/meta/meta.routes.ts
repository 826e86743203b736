import { createRoute, z } from '@hono/zod-openapi';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { errorResponses } from '../../lib/problem.js';

const Health = z
  .object({ status: z.enum(['ok']), version: z.string().max(50) })
  .meta({ id: 'Health', example: { status: 'ok', version: '0.1.0' } });

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  ...policy({ access: access.anonymous, caching: CACHING.none }),
  tags: ['Operations'],
  summary: 'Liveness',
  description: 'Answers 200 while the process is serving requests; touches no dependency.',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: Health } } },
  },
});

// Probes are outside authentication and rate limits: their only problem is 503.
const { 503: unavailable } = errorResponses(503);

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  ...policy({ access: access.anonymous, caching: CACHING.none }),
  tags: ['Operations'],
  summary: 'Readiness',
  description: 'Answers 200 when the database answers a query, 503 otherwise.',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Health } } },
    503: unavailable,
  },
});
