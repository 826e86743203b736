import type { Event } from '@oneteamgov/schema';
import type { EventRow } from '../../db/schema/index.js';
import { localIso } from '../../lib/local-time.js';

/** The columns list queries select: everything but search internals, hashes and the publisher's external id. */
export type EventRecord = Omit<
  EventRow,
  'searchText' | 'searchVector' | 'contentHash' | 'externalId'
> & {
  seriesRrule: string | null;
};

/**
 * Row → public Event. The street address of a venue whose organisers asked for
 * it to be shared on request only is dropped here, the one place events leave.
 */
export function toEvent(row: EventRecord): Event {
  const venue = row.venue
    ? {
        ...row.venue,
        address: row.venue.addressVisibility === 'public' ? row.venue.address : null,
      }
    : null;
  return {
    id: row.id,
    chapterId: row.chapterId,
    title: row.title,
    summary: row.summary,
    description: row.description,
    inLanguage: row.inLanguage,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    localStartsAt: localIso(row.startsAt, row.timeZone),
    localEndsAt: localIso(row.endsAt, row.timeZone),
    allDay: row.allDay,
    status: row.status,
    previousStartsAt: row.previousStartsAt?.toISOString() ?? null,
    attendanceMode: row.attendanceMode,
    venue,
    onlineUrl: row.onlineUrl,
    registrationUrl: row.registrationUrl,
    capacity: row.capacity,
    tags: row.tags,
    principles: row.principles as Event['principles'],
    accessibility: row.accessibility as Event['accessibility'],
    series:
      row.seriesId && row.recurrenceId
        ? { id: row.seriesId, recurrenceId: row.recurrenceId, rrule: row.seriesRrule ?? '' }
        : null,
    provenance: {
      sourceKind: row.sourceKind,
      sourceId: row.sourceId,
      upstreamUid: row.upstreamUid,
      originInstance: row.originInstance,
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    },
    sequence: row.sequence,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
