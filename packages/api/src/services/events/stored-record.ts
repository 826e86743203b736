import type { NewEventRow } from '../../db/schema/index.js';
import type { EventRecord } from './to-event.js';

/** What the database fills in for a new event row (its column defaults). */
function columnDefaults(now: Date): EventRecord {
  return {
    id: '',
    chapterId: '',
    title: {},
    summary: null,
    description: null,
    inLanguage: [],
    startsAt: now,
    endsAt: now,
    timeZone: 'UTC',
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
  } as EventRecord;
}

/**
 * A row not yet stored, as the database would return it: over `base` (the live
 * event it would replace) or over the column defaults. Lets a row be checked or
 * shown exactly as it would be served before it is written.
 */
export function asStoredRecord(row: NewEventRow, now: Date, base?: EventRecord): EventRecord {
  // Assigned key by key over a copy (not spread, entries and filter): this runs for every
  // row of a feed, and the same keys in the same order come out.
  const record: Record<string, unknown> = base ? { ...base } : columnDefaults(now);
  const fields = row as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined && !NOT_RECORDED.has(key)) record[key] = value;
  }
  return record as EventRecord;
}

/** Row keys that are the database's own and never part of a record. */
const NOT_RECORDED = new Set(['searchText', 'searchVector', 'contentHash', 'externalId']);
