import { createRoute } from '@hono/zod-openapi';
import { ChangeListQuery, ChangePage, InstanceDescriptor } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';

export const listChangesRoute = createRoute({
  method: 'get',
  path: '/v1/changes',
  operationId: 'listChanges',
  ...policy({ access: access.anonymous, caching: CACHING.feed }),
  tags: ['Federation'],
  summary: 'Follow the change feed',
  description: `Every chapter and event of this instance, and each chapter's public membership
aggregates (never member records), ordered by (modified, id), with
deletions as tombstones (\`state: "deleted"\`, \`data: null\`). Start without a cursor and
follow \`nextCursor\` until it is null to mirror the instance; store \`resumeCursor\` and pass
it later to get only what changed since. Records are held back for a couple of seconds after
they change, so a slow transaction can never commit behind a reader.`,
  request: { query: ChangeListQuery },
  responses: {
    200: okJson(ChangePage, 'A page of changes', true),
    304: notModified,
    ...errorResponses(400, 500),
  },
});

export const wellKnownRoute = createRoute({
  method: 'get',
  path: '/.well-known/oneteamgov',
  operationId: 'getInstanceDescriptor',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Federation'],
  summary: 'Describe this instance',
  description:
    'Name, software version, API base, change-feed URL and the chapters this instance is authoritative for.',
  responses: {
    200: okJson(InstanceDescriptor, 'The instance descriptor'),
    304: notModified,
    ...errorResponses(500),
  },
});
