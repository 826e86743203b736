import { createRoute } from '@hono/zod-openapi';
import { AuditListQuery, AuditPage } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';

export const listAuditRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  operationId: 'listAudit',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Audit'],
  summary: 'Read the audit log',
  description:
    'Every write, newest first: who (API key id, sync run id, or `cli`), what, on which chapter, with a keyed hash of the request body (never the body). Filter by chapter or actor. Cursor-paginated.',
  request: { query: AuditListQuery },
  responses: {
    200: okJson(AuditPage, 'A page of audit entries', true),
    304: notModified,
    ...errorResponses(400, 403, 500),
  },
});
