import { type Series, SeriesInput, type SeriesPatch } from '@oneteamgov/schema';
import { eq, sql } from 'drizzle-orm';
import { eventSeries, events, type SeriesOverrides } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { parseMerged } from '../event-writes/parse-input.js';
import { assertNotSynced, type CanWrite, liveChapter } from '../event-writes/writable.js';
import { removeEvents } from '../events/persist-events.js';
import { lockSeries } from './lock-series.js';
import { materializeSeries } from './materialize-series.js';
import { checkSeriesRule } from './series-rule.js';
import { eventOfTemplate, templateFromInput } from './series-template.js';
import { toSeries } from './to-series.js';

const ruleOf = (input: SeriesInput) => ({
  rrule: input.rrule,
  startLocal: input.startLocal,
  timeZone: input.timeZone,
  durationMinutes: input.durationMinutes,
  exdates: input.exdates,
  rdates: input.rdates,
  allDay: input.event.allDay,
});

/** A new series pushed by an organiser; its occurrences exist as events when this returns. */
export async function createSeries(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: SeriesInput },
): Promise<Series> {
  checkSeriesRule(ruleOf(input), ctx.now());
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    await liveChapter(tx, chapterId);
    const { event, ...rule } = input;
    const [row] = await tx
      .insert(eventSeries)
      .values({
        ...rule,
        id: newId('ser'),
        chapterId,
        template: templateFromInput(event, { sourceKind: 'push', originInstance: w.origin }),
      })
      .returning();
    if (!row) throw new Error('series insert returned nothing');
    await materializeSeries(w, row.id);
    await recordAudit(w, {
      action: 'series.create',
      targetType: 'series',
      targetId: row.id,
      chapterId,
    });
    return toSeries(tx, row, ctx.now());
  });
}

/**
 * Edits the whole series and re-materialises it. Overrides are kept for the
 * occurrences the new rule still has; occurrences it no longer has are tombstoned.
 */
export async function updateSeries(
  ctx: ServiceCtx,
  { seriesId, patch, canWrite }: { seriesId: string; patch: SeriesPatch; canWrite: CanWrite },
): Promise<Series> {
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const series = await lockSeries(tx, seriesId, canWrite);
    assertNotSynced(series.template.sourceKind ?? 'push', 'series');
    const { event: eventPatch, ...rulePatch } = patch;
    const merged = parseMerged(SeriesInput, {
      rrule: series.rrule,
      startLocal: series.startLocal,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      exdates: series.exdates,
      rdates: series.rdates,
      ...rulePatch,
      event: { ...eventOfTemplate(series.template), ...eventPatch },
    });
    const occurrences = checkSeriesRule(ruleOf(merged), ctx.now());
    const still = new Set(occurrences.map((o) => o.recurrenceId));
    const overrides: SeriesOverrides = Object.fromEntries(
      Object.entries(series.overrides).filter(([recurrenceId]) => still.has(recurrenceId)),
    );
    const { event, ...rule } = merged;
    const [row] = await tx
      .update(eventSeries)
      .set({
        ...rule,
        template: templateFromInput(event, {
          sourceKind: series.template.sourceKind ?? 'push',
          originInstance: series.template.originInstance,
        }),
        overrides,
        updatedAt: sql`now()`,
      })
      .where(eq(eventSeries.id, seriesId))
      .returning();
    await materializeSeries(w, seriesId);
    await recordAudit(w, {
      action: 'series.update',
      targetType: 'series',
      targetId: seriesId,
      chapterId: series.chapterId,
    });
    return toSeries(tx, row ?? series, ctx.now());
  });
}

/** Tombstones the series and every occurrence it still has. */
export async function deleteSeries(
  ctx: ServiceCtx,
  { seriesId, canWrite }: { seriesId: string; canWrite: CanWrite },
): Promise<{ chapterId: string }> {
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const series = await lockSeries(tx, seriesId, canWrite);
    assertNotSynced(series.template.sourceKind ?? 'push', 'series');
    await removeEvents(w, eq(events.seriesId, seriesId));
    await recordAudit(w, {
      action: 'series.delete',
      targetType: 'series',
      targetId: seriesId,
      chapterId: series.chapterId,
    });
    await tx
      .update(eventSeries)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(eventSeries.id, seriesId));
    return { chapterId: series.chapterId };
  });
}
