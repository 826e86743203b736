import { createRouter } from '../../lib/create-router.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { listAudit } from '../../services/audit/list-audit.js';
import { listAuditRoute } from './audit.routes.js';

export function auditRouter() {
  return createRouter().openapi(listAuditRoute, async (c) => {
    const page = await listAudit(serviceCtx(c), c.req.valid('query'));
    const link = nextLink(c.req.url, page.nextCursor);
    if (link) c.header('Link', link);
    return c.json(page, 200);
  });
}
