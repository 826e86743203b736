import { createRoute } from '@hono/zod-openapi';
import { ConsentInput, ConsentPurpose, Member, MemberExport } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { HEADERS, notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { jsonBody, MemberParams, WRITE_ERRORS } from './members.routes.js';

export const recordConsentRoute = createRoute({
  method: 'put',
  path: '/v1/members/{memberId}/consents/{purpose}',
  operationId: 'recordMemberConsent',
  ...policy({ access: access.owner('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Record a consent or its withdrawal',
  description: `Stores the answer with the server's time and the privacy-notice version the person
saw, and appends it to their consent history. \`publicProfile\` puts their name, role and
organisation in the chapter's public membership summary; withdrawing it takes them out.`,
  request: {
    params: MemberParams.extend({ purpose: ConsentPurpose }),
    body: jsonBody(ConsentInput),
  },
  responses: { 200: okJson(Member, 'The member with the consent recorded'), ...WRITE_ERRORS },
});

export const exportMemberRoute = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/export',
  operationId: 'exportMember',
  ...policy({ access: access.owner('members:read'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Export everything held about a member',
  description: `Right of access and portability: the member record, every consent given or withdrawn,
and the audit entries about them (ids, actions and times). Served as a download.`,
  request: { params: MemberParams },
  responses: {
    200: {
      ...okJson(MemberExport, 'The export'),
      headers: {
        ...okJson(MemberExport, 'The export').headers,
        'Content-Disposition': HEADERS.contentDisposition,
      },
    },
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

const removed = { 204: { description: 'Done' }, ...WRITE_ERRORS };

export const deleteMemberRoute = createRoute({
  method: 'delete',
  path: '/v1/members/{memberId}',
  operationId: 'deleteMember',
  ...policy({ access: access.owner('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Remove a member who leaves',
  description: `The record is deleted (not tombstoned), with the stored Idempotency-Key responses that
carried it, and the chapter's public aggregates are recomputed. A later import may add them again;
use erasure when the person asks to be forgotten.`,
  request: { params: MemberParams },
  responses: removed,
});

export const eraseMemberRoute = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/erasure',
  operationId: 'eraseMember',
  ...policy({ access: access.owner('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Erase a member (right to erasure)',
  description: `As removal, and the chapter remembers a keyed hash of the e-mail (never the address) so
that imports skip the person from now on. Afterwards no table holds their name or e-mail; the audit
log names only the member's opaque id. Only an individual add, when they ask to rejoin, brings them back.`,
  request: { params: MemberParams },
  responses: removed,
});
