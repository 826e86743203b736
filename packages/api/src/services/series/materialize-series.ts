import { and, eq, gte, lt, notInArray } from 'drizzle-orm';
import {
  type ChapterRow,
  chapters,
  eventSeries,
  events,
  type NewEventRow,
  type SeriesRow,
} from '../../db/schema/index.js';
import { expandSeries, occurrenceId } from '../../recurrence/index.js';
import type { WriteCtx } from '../context.js';
import { DomainError } from '../errors.js';
import { prepareEventRow } from '../events/event-row.js';
import { removeEvents, saveEvents } from '../events/persist-events.js';

const DAY_MS = 86_400_000;
/** Occurrences are kept materialised from 30 days back to 400 days ahead. */
export const SERIES_WINDOW = { pastDays: 30, futureDays: 400, maxOccurrences: 1000 };

/**
 * Writes a series' occurrences in the window as event rows with stable ids
 * (series id + original local start), applying per-occurrence overrides.
 * Occurrences that no longer belong to the rule (an EXDATE was added, the rule
 * changed) are tombstoned, never hard-deleted. Returns rows written.
 */
export async function materializeSeries(
  ctx: WriteCtx,
  seriesId: string,
): Promise<{ chapterId: string; written: number; removed: number; occurrences: number }> {
  // Locked (inside a transaction) so an edit of the series cannot land between
  // reading its overrides and writing the occurrences.
  const [series] = await ctx.db
    .select()
    .from(eventSeries)
    .where(eq(eventSeries.id, seriesId))
    .for('update');
  if (!series) throw new DomainError('not_found', `No series with id "${seriesId}"`);
  const [chapter] = await ctx.db.select().from(chapters).where(eq(chapters.id, series.chapterId));
  if (!chapter) throw new DomainError('not_found', `No chapter with id "${series.chapterId}"`);

  const now = ctx.now().getTime();
  const window = {
    from: new Date(now - SERIES_WINDOW.pastDays * DAY_MS),
    to: new Date(now + SERIES_WINDOW.futureDays * DAY_MS),
  };
  const occurrences = expandSeries(
    {
      rrule: series.rrule,
      startLocal: series.startLocal,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      allDay: series.template.allDay ?? false,
      exdates: series.exdates,
      rdates: series.rdates,
    },
    window,
    SERIES_WINDOW.maxOccurrences,
  );

  const rows = occurrences.map((occurrence) => occurrenceRow(series, chapter, occurrence));

  const written = await saveEvents(ctx, rows);
  const keep = rows.map((r) => r.id!);
  const removed = await removeEvents(
    ctx,
    and(
      eq(events.seriesId, series.id),
      gte(events.startsAt, window.from),
      lt(events.startsAt, window.to),
      keep.length > 0 ? notInArray(events.id, keep) : undefined,
    ),
  );
  return {
    chapterId: series.chapterId,
    written: written.length,
    removed: removed.length,
    occurrences: rows.length,
  };
}

/**
 * One occurrence as an event row: the template, then that occurrence's
 * override (which may move it), in the series' zone. Overrides come back from
 * JSON, so a previousStartsAt there is a string and becomes a Date again.
 */
export function occurrenceRow(
  series: SeriesRow,
  chapter: Pick<ChapterRow, 'country'>,
  occurrence: { recurrenceId: string; startsAt: Date; endsAt: Date },
): NewEventRow {
  const override = series.overrides[occurrence.recurrenceId] ?? {};
  const { startsAt, endsAt, previousStartsAt, ...fields } = override;
  return prepareEventRow(
    {
      ...series.template,
      ...fields,
      ...(previousStartsAt !== undefined
        ? { previousStartsAt: previousStartsAt === null ? null : new Date(previousStartsAt) }
        : {}),
      id: occurrenceId(series.id, occurrence.recurrenceId),
      chapterId: series.chapterId,
      startsAt: startsAt ? new Date(startsAt) : occurrence.startsAt,
      endsAt: endsAt ? new Date(endsAt) : occurrence.endsAt,
      timeZone: series.timeZone,
      seriesId: series.id,
      recurrenceId: occurrence.recurrenceId,
    },
    chapter,
  );
}
