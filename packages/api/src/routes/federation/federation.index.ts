import { createRouter } from '../../lib/create-router.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { listChanges } from '../../services/changes/list-changes.js';
import { listAuthoritativeChapterIds } from '../../services/chapters/list-authoritative.js';
import { listChangesRoute, wellKnownRoute } from './federation.routes.js';

export function federationRouter() {
  return createRouter()
    .openapi(listChangesRoute, async (c) => {
      const { cursor, after, limit } = c.req.valid('query');
      const page = await listChanges(serviceCtx(c), {
        cursor: cursor ?? after,
        limit,
        lagMs: c.get('deps').changesLagMs ?? 2000,
      });
      const link = nextLink(c.req.url, page.nextCursor);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    })
    .openapi(wellKnownRoute, async (c) => {
      const deps = c.get('deps');
      const base = deps.publicUrl;
      return c.json(
        {
          name: deps.instanceName,
          software: { name: 'oneteamgov-hub' as const, version: deps.version },
          apiBase: `${base}/v1`,
          changesUrl: `${base}/v1/changes`,
          openapiUrl: `${base}/openapi.json`,
          chapters: await listAuthoritativeChapterIds(serviceCtx(c), base),
        },
        200,
      );
    });
}
