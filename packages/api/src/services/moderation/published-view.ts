import type { Event } from '@oneteamgov/schema';
import type { NewEventRow } from '../../db/schema/index.js';
import { asStoredRecord } from '../events/stored-record.js';
import { type EventRecord, toEvent } from '../events/to-event.js';

const DATE_FIELDS = [
  'startsAt',
  'endsAt',
  'previousStartsAt',
  'lastSeenAt',
  'createdAt',
  'updatedAt',
  'deletedAt',
  'hiddenAt',
] as const;

/** A held row comes back from JSON storage with its instants as strings: make them dates again. */
export function reviveRow(stored: NewEventRow): NewEventRow {
  const row: Record<string, unknown> = { ...stored };
  for (const field of DATE_FIELDS) {
    const value = row[field];
    if (typeof value === 'string') row[field] = new Date(value);
  }
  return row as NewEventRow;
}

/**
 * A held row as the public would see it once approved: over the live event
 * when it changes one (keeping its series, creation time and next sequence),
 * otherwise over a new event's defaults.
 */
export function publishedView(row: NewEventRow, live: EventRecord | undefined, now: Date): Event {
  const base = live ? { ...live, sequence: live.sequence + 1, updatedAt: now } : undefined;
  return toEvent({ ...asStoredRecord(row, now, base), deletedAt: null });
}
