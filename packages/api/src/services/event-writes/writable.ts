import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { chapters, type EventRow, eventSeries, events } from '../../db/schema/index.js';
import { chapterNotFound } from '../chapters/chapter-errors.js';
import { DomainError } from '../errors.js';

/** Decides whether the caller may write to a chapter's events (its key's grants). */
export type CanWrite = (chapterId: string) => boolean;

export const eventNotFound = (eventId: string) =>
  new DomainError('not_found', `No event with id "${eventId}"`);

/** Kinds whose records belong to someone else's feed: the next sync would undo any change here. */
const SYNCED = new Set<EventRow['sourceKind']>(['instance', 'ics']);

export function assertNotSynced(sourceKind: EventRow['sourceKind'], what: string): void {
  if (SYNCED.has(sourceKind)) {
    throw new DomainError(
      'conflict',
      `This ${what} is imported from a feed (${sourceKind}); change it at the source and the next sync brings the change here`,
    );
  }
}

/**
 * A hidden event is out of every public output until a moderator unhides it;
 * a change now could only be answered with a 404 of the event just written.
 */
export function assertNotHidden(row: Pick<EventRow, 'hiddenAt'>): void {
  if (row.hiddenAt) {
    throw new DomainError(
      'conflict',
      'This event is hidden by a moderator; it can be changed again once it is unhidden',
    );
  }
}

/**
 * Loads a live event for writing and locks its row (and its series') for the
 * transaction. A missing event and someone else's event get the same 404.
 */
export async function lockWritableEvent(
  tx: Db,
  eventId: string,
  canWrite: CanWrite,
): Promise<EventRow> {
  const [peek] = await tx
    .select({ seriesId: events.seriesId })
    .from(events)
    .where(eq(events.id, eventId));
  // Series first, then the event: the order series writes lock in, so the two cannot deadlock.
  if (peek?.seriesId) {
    await tx
      .select({ id: eventSeries.id })
      .from(eventSeries)
      .where(eq(eventSeries.id, peek.seriesId))
      .for('update');
  }
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .for('update');
  if (!row || !canWrite(row.chapterId)) throw eventNotFound(eventId);
  assertNotSynced(row.sourceKind, 'event');
  assertNotHidden(row);
  return row;
}

export async function liveChapter(db: Db, chapterId: string) {
  const [row] = await db
    .select({ id: chapters.id, country: chapters.country })
    .from(chapters)
    .where(and(eq(chapters.id, chapterId), isNull(chapters.deletedAt)));
  if (!row) throw chapterNotFound(chapterId);
  return row;
}
