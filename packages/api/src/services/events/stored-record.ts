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
  const {
    searchText: _s,
    searchVector: _v,
    contentHash: _h,
    externalId: _e,
    ...fields
  } = row as NewEventRow & { searchVector?: unknown };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { ...(base ?? columnDefaults(now)), ...defined } as EventRecord;
}
