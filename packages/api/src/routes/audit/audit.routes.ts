import { createRoute } from '@hono/zod-openapi';
import { AuditListQuery, AuditPage } from '@oneteamgov/schema';
import { adminOnly } from '../../auth/route-guards.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { secured } from '../../lib/secured.js';

export const listAuditRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  operationId: 'listAudit',
  tags: ['Audit'],
  summary: 'Read the audit log',
  description:
    'Every write, newest first: who (API key id, sync run id, or `cli`), what, on which chapter, with a keyed hash of the request body (never the body). Filter by chapter or actor. Cursor-paginated.',
  ...secured('admin'),
  middleware: adminOnly,
  request: { query: AuditListQuery },
  responses: {
    200: okJson(AuditPage, 'A page of audit entries', true),
    304: notModified,
    ...errorResponses(400, 403, 500),
  },
});
