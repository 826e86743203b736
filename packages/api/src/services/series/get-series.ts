import type { Series } from '@oneteamgov/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { eventSeries } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { seriesNotFound } from './lock-series.js';
import { toSeries } from './to-series.js';

export async function getSeriesOrThrow(ctx: ServiceCtx, seriesId: string): Promise<Series> {
  const [row] = await ctx.db
    .select()
    .from(eventSeries)
    .where(and(eq(eventSeries.id, seriesId), isNull(eventSeries.deletedAt)));
  if (!row) throw seriesNotFound(seriesId);
  return toSeries(ctx.db, row, ctx.now());
}
