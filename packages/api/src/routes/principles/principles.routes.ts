import { createRoute } from '@hono/zod-openapi';
import { PrincipleList } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';

export const listPrinciplesRoute = createRoute({
  method: 'get',
  path: '/v1/principles',
  operationId: 'listPrinciples',
  ...policy({ access: access.anonymous, caching: CACHING.reference }),
  tags: ['Principles'],
  summary: 'List the seven One Team Gov principles',
  description: 'Events are tagged with these ids in `principles`.',
  responses: {
    200: okJson(PrincipleList, 'The seven principles'),
    304: notModified,
    ...errorResponses(500),
  },
});
