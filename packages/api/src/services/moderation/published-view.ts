import type { Event } from '@oneteamgov/schema';
import type { NewEventRow } from '../../db/schema/index.js';
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
  const base: EventRecord = live
    ? { ...live, sequence: live.sequence + 1, updatedAt: now }
    : {
        id: row.id!,
        chapterId: row.chapterId,
        title: row.title,
        summary: null,
        description: null,
        inLanguage: [],
        startsAt: now,
        endsAt: now,
        timeZone: row.timeZone,
        allDay: false,
        status: 'scheduled',
        previousStartsAt: null,
        attendanceMode: 'inPerson',
        venue: null,
        country: null,
        lat: null,
        lng: null,
        onlineUrl: null,
        registrationUrl: null,
        capacity: null,
        tags: [],
        principles: [],
        accessibility: { features: [], notes: null },
        seriesId: null,
        recurrenceId: null,
        sourceKind: 'push',
        sourceId: null,
        upstreamUid: null,
        originInstance: '',
        lastSeenAt: null,
        sequence: 0,
        hiddenAt: null,
        hiddenReason: null,
        hiddenBy: null,
        detachedFrom: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        seriesRrule: null,
      };
  const {
    searchText: _s,
    searchVector: _v,
    contentHash: _h,
    externalId: _e,
    ...fields
  } = row as NewEventRow & { searchVector?: unknown };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return toEvent({ ...base, ...defined, deletedAt: null } as EventRecord);
}
