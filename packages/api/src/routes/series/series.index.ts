import { createRouter } from '../../lib/create-router.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getSeriesOrThrow } from '../../services/series/get-series.js';
import { createSeries, deleteSeries, updateSeries } from '../../services/series/write-series.js';
import { eventWriter } from '../event-writes/event-writes.handlers.js';
import {
  createSeriesRoute,
  deleteSeriesRoute,
  getSeriesRoute,
  updateSeriesRoute,
} from './series.routes.js';

export function seriesRouter() {
  return createRouter()
    .openapi(createSeriesRoute, async (c) => {
      const { chapterId } = c.req.valid('param');
      const series = await createSeries(serviceCtx(c), { chapterId, input: c.req.valid('json') });
      c.header('Location', `/v1/series/${encodeURIComponent(series.id)}`);
      return c.json(series, 201);
    })
    .openapi(getSeriesRoute, async (c) => {
      const series = await getSeriesOrThrow(serviceCtx(c), c.req.valid('param').seriesId);
      return c.json(series, 200);
    })
    .openapi(updateSeriesRoute, async (c) => {
      const series = await updateSeries(serviceCtx(c), {
        seriesId: c.req.valid('param').seriesId,
        patch: c.req.valid('json'),
        canWrite: eventWriter(c),
      });
      return c.json(series, 200);
    })
    .openapi(deleteSeriesRoute, async (c) => {
      const { seriesId } = c.req.valid('param');
      await deleteSeries(serviceCtx(c), { seriesId, canWrite: eventWriter(c) });
      return c.body(null, 204);
    });
}
