import { createRouter } from '../../lib/create-router.js';
import { serviceCtx } from '../../lib/service-context.js';
import { chapterMembership, federationMembership } from '../../services/members/read-membership.js';
import { chapterMembershipRoute, federationMembershipRoute } from './membership.routes.js';

/** Public aggregates: the only view of membership anyone without a key gets. */
export function membershipRouter() {
  return createRouter()
    .openapi(chapterMembershipRoute, async (c) => {
      const summary = await chapterMembership(serviceCtx(c), c.req.valid('param').chapterId);
      return c.json(summary, 200);
    })
    .openapi(federationMembershipRoute, async (c) => {
      const totals = await federationMembership(serviceCtx(c));
      return c.json(totals, 200);
    });
}
