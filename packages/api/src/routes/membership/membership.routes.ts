import { createRoute } from '@hono/zod-openapi';
import { FederationMembership, MembershipSummary } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

export const chapterMembershipRoute = createRoute({
  method: 'get',
  path: '/v1/chapters/{chapterId}/membership',
  operationId: 'getChapterMembership',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Members', 'Chapters'],
  summary: "A chapter's public membership figures",
  description: `Member and organiser counts, how many organisations are represented, joins by month,
and the profiles (name, role, organisation) of members who opted in to a public profile. Never an
e-mail, never anyone who has not opted in. A chapter nobody has joined yet shows zeros.`,
  request: { params: ChapterParams },
  responses: {
    200: okJson(MembershipSummary, 'The chapter’s membership summary'),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const federationMembershipRoute = createRoute({
  method: 'get',
  path: '/v1/membership',
  operationId: 'getFederationMembership',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Members', 'Federation'],
  summary: 'Membership across every chapter known here',
  description: `Totals over the aggregates of this instance's chapters and those copied from peers
through their change feeds, with each chapter's counts. Peers exchange aggregates only.`,
  responses: {
    200: okJson(FederationMembership, 'Federation-wide membership'),
    304: notModified,
    ...errorResponses(500),
  },
});
