import { createRoute, z } from '@hono/zod-openapi';
import {
  Id,
  ImportResult,
  Member,
  MemberImport,
  MemberInput,
  MemberListQuery,
  MemberPatch,
  page,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { HEADERS, notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

export const MemberPage = page(Member, 'MemberPage', 'A page of members, oldest first');
export const MemberParams = z.object({ memberId: Id.meta({ example: 'mem_3f9c0a1b2c3d4e5f' }) });

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Statuses any member write can answer, including the Idempotency-Key outcomes. */
export const WRITE_ERRORS = errorResponses(400, 404, 409, 413, 415, 422, 500);

const NOT_YOURS =
  'A chapter or member outside the key’s `members:*` grants answers 404, exactly as one that does not exist.';

export const listMembersRoute = createRoute({
  method: 'get',
  path: '/v1/chapters/{chapterId}/members',
  operationId: 'listMembers',
  ...policy({ access: access.chapter('members:read'), caching: CACHING.private }),
  tags: ['Members'],
  summary: "List a chapter's members",
  description: `Private: names and e-mails of the chapter's members, oldest first, cursor-paginated. ${NOT_YOURS}`,
  request: { params: ChapterParams, query: MemberListQuery },
  responses: {
    200: okJson(MemberPage, 'A page of members', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const createMemberRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/members',
  operationId: 'createMember',
  ...policy({ access: access.chapter('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Add a member',
  description: `New members are private: no consent is granted until one is recorded. The same
e-mail (ignoring case) twice in a chapter is a 409. Adding someone who was erased is allowed only
here, one person at a time, because they asked to rejoin: it lifts their suppression, so imports
will include them again. Members of a chapter managed on another instance are kept there (409).
${NOT_YOURS}`,
  request: { params: ChapterParams, body: jsonBody(MemberInput) },
  responses: {
    201: {
      description: 'The member',
      headers: { Location: HEADERS.location },
      content: { 'application/json': { schema: Member } },
    },
    ...WRITE_ERRORS,
  },
});

export const importMembersRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/members/import',
  operationId: 'importMembers',
  ...policy({ access: access.chapter('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Import members',
  description: `Adds up to 500 people in one transaction. People already in the chapter (same e-mail,
ignoring case) are skipped, and so are people who were erased: an import never brings them back.
${NOT_YOURS}`,
  request: { params: ChapterParams, body: jsonBody(MemberImport) },
  responses: { 200: okJson(ImportResult, 'What was imported and skipped'), ...WRITE_ERRORS },
});

export const getMemberRoute = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}',
  operationId: 'getMember',
  ...policy({ access: access.owner('members:read'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Get a member',
  description: `Private. ${NOT_YOURS}`,
  request: { params: MemberParams },
  responses: {
    200: okJson(Member, 'The member'),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const updateMemberRoute = createRoute({
  method: 'patch',
  path: '/v1/members/{memberId}',
  operationId: 'updateMember',
  ...policy({ access: access.owner('members:write'), caching: CACHING.private }),
  tags: ['Members'],
  summary: 'Change a member',
  description: `Only the fields sent change. Consents are recorded through their own endpoint. ${NOT_YOURS}`,
  request: { params: MemberParams, body: jsonBody(MemberPatch) },
  responses: { 200: okJson(Member, 'The member'), ...WRITE_ERRORS },
});
