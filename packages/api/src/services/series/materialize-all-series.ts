import { isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { eventSeries } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { materializeSeries } from './materialize-series.js';

/**
 * Rolls every series' materialised window forward. Run at start-up and then
 * daily, so a long-running instance never runs out of future occurrences. One
 * broken series is logged and skipped; it does not stop the others.
 */
export async function materializeAllSeries(ctx: ServiceCtx, logger: Logger) {
  const all = await ctx.db
    .select({ id: eventSeries.id })
    .from(eventSeries)
    .where(isNull(eventSeries.deletedAt));
  let written = 0;
  for (const { id } of all) {
    try {
      // One transaction per series: its lock keeps concurrent API edits out.
      const result = await rollSeriesForward(ctx, id);
      written += result.written;
    } catch (error) {
      logger.error({ err: error, seriesId: id }, 'series could not be materialised');
    }
  }
  return { series: all.length, written };
}

/** Brings one series' window up to date, in its own transaction, audited when anything moved. */
export function rollSeriesForward(ctx: ServiceCtx, seriesId: string) {
  return withTransaction(ctx, async (w) => {
    const done = await materializeSeries(w, seriesId);
    if (done.written + done.removed > 0) {
      await recordAudit(w, {
        action: 'series.roll-forward',
        targetType: 'series',
        targetId: seriesId,
        chapterId: done.chapterId,
      });
    }
    return done;
  });
}

const DAY_MS = 86_400_000;

/** Daily roll-forward; the timer never keeps the process alive on its own. */
export function scheduleSeriesRollForward(ctx: ServiceCtx, logger: Logger): () => void {
  const timer = setInterval(() => {
    materializeAllSeries(ctx, logger).then(
      (result) => logger.info({ result }, 'series windows rolled forward'),
      (error: unknown) => logger.error({ err: error }, 'series roll-forward failed'),
    );
  }, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
