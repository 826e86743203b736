import { eq, sql } from 'drizzle-orm';
import type { EventRow, SeriesOverrides } from '../../db/schema/index.js';
import { eventSeries } from '../../db/schema/index.js';
import type { WriteCtx } from '../context.js';
import { DomainError } from '../errors.js';
import type { StoredFields } from '../event-writes/patch-event.js';
import { liveChapter } from '../event-writes/writable.js';
import { saveEvents } from '../events/persist-events.js';
import { lockSeries } from './lock-series.js';
import { materializeSeries, occurrenceRow } from './materialize-series.js';

const MAX_EXDATES = 500;

/** "20260721T180000" → "2026-07-21T18:00:00", the form EXDATEs are kept in. */
export function localFromRecurrenceId(recurrenceId: string): string {
  const d = recurrenceId;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}`;
}

const withSeconds = (local: string) => (local.length === 16 ? `${local}:00` : local);

/**
 * Stores a change to one occurrence as its override (RECURRENCE-ID semantics)
 * and writes it. Only the fields that changed are kept, so later edits of the
 * whole series still reach this occurrence's other fields.
 */
export async function patchOccurrence(
  ctx: WriteCtx,
  {
    row,
    fields,
    changed,
  }: {
    row: EventRow & { seriesId: string; recurrenceId: string };
    fields: StoredFields;
    changed: (keyof StoredFields)[];
  },
): Promise<void> {
  const series = await lockSeries(ctx.db, row.seriesId);
  if (fields.timeZone !== series.timeZone) {
    throw new DomainError('invalid_request', 'An occurrence uses the time zone of its series', {
      fields: [
        {
          field: 'timeZone',
          detail: `must be ${series.timeZone}; change the zone of series ${series.id} instead`,
        },
      ],
    });
  }
  const override: Record<string, unknown> = { ...series.overrides[row.recurrenceId] };
  for (const key of changed) {
    if (key === 'timeZone') continue;
    const value = fields[key];
    override[key] = value instanceof Date ? value.toISOString() : value;
  }
  const overrides = { ...series.overrides, [row.recurrenceId]: override } as SeriesOverrides;
  const [updated] = await ctx.db
    .update(eventSeries)
    .set({ overrides, updatedAt: sql`now()` })
    .where(eq(eventSeries.id, series.id))
    .returning();
  const chapter = await liveChapter(ctx.db, series.chapterId);
  // Written here too: materialisation only covers a window around today.
  // Without an override of its times, the row's times are the rule's.
  await saveEvents(ctx, [
    occurrenceRow(updated ?? series, chapter, {
      recurrenceId: row.recurrenceId,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
    }),
  ]);
  await materializeSeries(ctx, series.id);
}

/** Adds an EXDATE for a deleted occurrence (and drops its override) so it is never re-created. */
export async function excludeOccurrence(
  ctx: WriteCtx,
  { seriesId, recurrenceId }: { seriesId: string; recurrenceId: string },
): Promise<void> {
  const series = await lockSeries(ctx.db, seriesId);
  const local = localFromRecurrenceId(recurrenceId);
  const exdates = series.exdates.some((d) => withSeconds(d) === local)
    ? series.exdates
    : [...series.exdates, local];
  if (exdates.length > MAX_EXDATES) {
    throw new DomainError(
      'conflict',
      `Series ${seriesId} already skips ${MAX_EXDATES} dates; change its rule instead`,
    );
  }
  const { [recurrenceId]: _removed, ...overrides } = series.overrides;
  await ctx.db
    .update(eventSeries)
    .set({ exdates, overrides, updatedAt: sql`now()` })
    .where(eq(eventSeries.id, seriesId));
  await materializeSeries(ctx, seriesId);
}
