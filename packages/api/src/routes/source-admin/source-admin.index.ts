import { createRouter } from '../../lib/create-router.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { approveSource } from '../../services/sources/approve-source.js';
import {
  getSourceOrThrow,
  removeSource,
  requestSync,
} from '../../services/sources/manage-sources.js';
import { createSource, updateSource } from '../../services/sources/source-writes.js';
import { toSource } from '../../services/sources/to-source.js';
import { ownedSource } from './owned-source.js';
import {
  approveSourceRoute,
  createSourceRoute,
  deleteSourceRoute,
  syncSourceRoute,
  updateSourceRoute,
} from './source-admin.routes.js';

export function sourceAdminRouter() {
  return createRouter()
    .openapi(createSourceRoute, async (c) => {
      const { chapterId } = c.req.valid('param');
      const ctx = serviceCtx(c);
      await getChapterOrThrow(ctx, chapterId);
      const row = await createSource(ctx, { chapterId, input: c.req.valid('json') });
      c.header('Location', `/v1/sources/${row.id}`);
      return c.json(toSource(row, ctx.now()), 201);
    })
    .openapi(updateSourceRoute, async (c) => {
      const source = await ownedSource(c, c.req.valid('param').sourceId);
      const ctx = serviceCtx(c);
      const row = await updateSource(ctx, { sourceId: source.id, patch: c.req.valid('json') });
      return c.json(toSource(row, ctx.now()), 200);
    })
    .openapi(deleteSourceRoute, async (c) => {
      const source = await ownedSource(c, c.req.valid('param').sourceId);
      await removeSource(serviceCtx(c), source.id, {
        events: c.req.valid('query').events ?? 'keep',
      });
      return c.body(null, 204);
    })
    .openapi(syncSourceRoute, async (c) => {
      const source = await ownedSource(c, c.req.valid('param').sourceId);
      const ctx = serviceCtx(c);
      await requestSync(ctx, source.id);
      return c.json(toSource(await getSourceOrThrow(ctx, source.id), ctx.now()), 202);
    })
    .openapi(approveSourceRoute, async (c) => {
      const source = await ownedSource(c, c.req.valid('param').sourceId);
      const run = await approveSource(serviceCtx(c), { source, syncNow: c.get('deps').syncNow });
      return c.json(run, 202);
    });
}
