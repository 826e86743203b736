import { createRouter } from '../../lib/create-router.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getSourceDetail, listSources } from '../../services/sources/read-sources.js';
import { getSourceRoute, listSourcesRoute } from './sources.routes.js';

export function sourcesRouter() {
  return createRouter()
    .openapi(listSourcesRoute, async (c) => {
      const data = await listSources(serviceCtx(c), c.req.valid('query'));
      return c.json({ data }, 200);
    })
    .openapi(getSourceRoute, async (c) => {
      const source = await getSourceDetail(serviceCtx(c), c.req.valid('param').sourceId);
      return c.json(source, 200);
    });
}
