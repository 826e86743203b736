import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { eventSeries, type SeriesRow } from '../../db/schema/index.js';
import { DomainError } from '../errors.js';

export const seriesNotFound = (seriesId: string) =>
  new DomainError('not_found', `No series with id "${seriesId}"`);

/**
 * A live series, locked for the transaction, so concurrent edits of its
 * overrides and EXDATEs apply one after the other instead of overwriting.
 */
export async function lockSeries(
  db: Db,
  seriesId: string,
  canWrite: (chapterId: string) => boolean = () => true,
): Promise<SeriesRow> {
  const [series] = await db
    .select()
    .from(eventSeries)
    .where(and(eq(eventSeries.id, seriesId), isNull(eventSeries.deletedAt)))
    .for('update');
  if (!series || !canWrite(series.chapterId)) throw seriesNotFound(seriesId);
  return series;
}
