import { and, isNull, type SQL } from 'drizzle-orm';
import { type EventRow, events } from '../../db/schema/index.js';

/**
 * The one rule for what the public sees of an event: it is neither deleted
 * (a tombstone) nor hidden by a moderator. Every public read (item, lists,
 * calendars, JSON-LD, the change feed, series, webhooks) goes through this.
 */
export function publiclyVisible(): SQL {
  return and(isNull(events.deletedAt), isNull(events.hiddenAt))!;
}

/** The same rule for a row already read: anything else is a tombstone to the outside world. */
export function isPubliclyVisible(row: Pick<EventRow, 'deletedAt' | 'hiddenAt'>): boolean {
  return row.deletedAt === null && row.hiddenAt === null;
}
