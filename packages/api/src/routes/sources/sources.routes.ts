import { createRoute, z } from '@hono/zod-openapi';
import { Id, Source, SourceDetail, SourceListQuery } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';

export const SourceList = z.object({ data: z.array(Source).max(1000) }).meta({ id: 'SourceList' });

export const listSourcesRoute = createRoute({
  method: 'get',
  path: '/v1/sources',
  operationId: 'listSources',
  ...policy({ access: access.anonymous, caching: CACHING.status }),
  tags: ['Federation'],
  summary: 'List feed sources and their health',
  description:
    'The feeds this instance pulls events from (other instances, iCalendar URLs): kind, status (`ok`, `stale`, `failing`, `needsReview`), last attempt and success, counts. URLs are never shown, only their scheme and host.',
  request: { query: SourceListQuery },
  responses: { 200: okJson(SourceList, 'Sources'), 304: notModified, ...errorResponses(400, 500) },
});

export const getSourceRoute = createRoute({
  method: 'get',
  path: '/v1/sources/{sourceId}',
  operationId: 'getSource',
  ...policy({ access: access.anonymous, caching: CACHING.status }),
  tags: ['Federation'],
  summary: 'Get a source with its recent sync runs',
  description: 'The last 20 sync runs with their counts and per-item rejections.',
  request: { params: z.object({ sourceId: Id.meta({ example: 'src_3f9c0a1b2c3d4e5f' }) }) },
  responses: {
    200: okJson(SourceDetail, 'The source'),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});
