import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context.js';
import { serviceCtx } from '../../lib/service-context.js';
import { exportMember } from '../../services/members/export-member.js';
import { recordConsent } from '../../services/members/record-consent.js';
import { removeMember } from '../../services/members/remove-member.js';
import { loadMember } from './load-member.js';
import type {
  deleteMemberRoute,
  eraseMemberRoute,
  exportMemberRoute,
  recordConsentRoute,
} from './member-rights.routes.js';

type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export const recordConsentHandler: Handler<typeof recordConsentRoute> = async (c) => {
  const { memberId, purpose } = c.req.valid('param');
  const row = await loadMember(c, memberId);
  const member = await recordConsent(serviceCtx(c), {
    memberId: row.id,
    chapterId: row.chapterId,
    purpose,
    input: c.req.valid('json'),
  });
  return c.json(member, 200);
};

export const exportMemberHandler: Handler<typeof exportMemberRoute> = async (c) => {
  const row = await loadMember(c, c.req.valid('param').memberId);
  const document = await exportMember(serviceCtx(c), row);
  c.header('Content-Disposition', `attachment; filename="member-${row.id}.json"`);
  return c.json(document, 200);
};

function removal(erase: boolean) {
  return async (c: Parameters<Handler<typeof deleteMemberRoute>>[0]) => {
    const row = await loadMember(c, c.req.valid('param').memberId);
    await removeMember(serviceCtx(c), {
      memberId: row.id,
      chapterId: row.chapterId,
      email: row.email,
      erase,
    });
    return c.body(null, 204);
  };
}

export const deleteMemberHandler: Handler<typeof deleteMemberRoute> = removal(false);
export const eraseMemberHandler: Handler<typeof eraseMemberRoute> = removal(true);
