import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { importMembers } from '../../services/members/import-members.js';
import { listMembers } from '../../services/members/read-members.js';
import { toMember } from '../../services/members/to-member.js';
import { createMember, updateMember } from '../../services/members/write-members.js';
import { authorizeChapter, loadMember } from './load-member.js';
import type {
  createMemberRoute,
  getMemberRoute,
  importMembersRoute,
  listMembersRoute,
  updateMemberRoute,
} from './members.routes.js';

type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export const listMembersHandler: Handler<typeof listMembersRoute> = async (c) => {
  const { chapterId } = c.req.valid('param');
  await authorizeChapter(c, 'members:read', chapterId);
  const page = await listMembers(serviceCtx(c), { chapterId, input: c.req.valid('query') });
  const link = nextLink(c.req.url, page.nextCursor);
  if (link) c.header('Link', link);
  return c.json(page, 200);
};

export const createMemberHandler: Handler<typeof createMemberRoute> = async (c) => {
  const { chapterId } = c.req.valid('param');
  await authorizeChapter(c, 'members:write', chapterId);
  const member = await createMember(serviceCtx(c), { chapterId, input: c.req.valid('json') });
  c.header('Location', `/v1/members/${encodeURIComponent(member.id)}`);
  return c.json(member, 201);
};

export const importMembersHandler: Handler<typeof importMembersRoute> = async (c) => {
  const { chapterId } = c.req.valid('param');
  await authorizeChapter(c, 'members:write', chapterId);
  const result = await importMembers(serviceCtx(c), { chapterId, input: c.req.valid('json') });
  return c.json(result, 200);
};

export const getMemberHandler: Handler<typeof getMemberRoute> = async (c) => {
  const row = await loadMember(c, c.req.valid('param').memberId);
  return c.json(toMember(row), 200);
};

export const updateMemberHandler: Handler<typeof updateMemberRoute> = async (c) => {
  const row = await loadMember(c, c.req.valid('param').memberId);
  const member = await updateMember(serviceCtx(c), {
    memberId: row.id,
    chapterId: row.chapterId,
    patch: c.req.valid('json'),
  });
  return c.json(member, 200);
};
