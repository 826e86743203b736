import { Event, Place } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Event as HubEvent } from '@oneteamgov/schema';
import { eventPageUrl } from '../lib/links.js';
import { localizedValues, paragraphs } from './localized.js';
import { actorUrl, eventObjectUrl, followersUrl, PUBLIC_AUDIENCE } from './paths.js';

type Json = Record<string, unknown>;

/**
 * Terms Mobilizon and Gancio put on events that ActivityStreams lacks: the
 * time zone, whether it is online, its status, and a venue's postal address
 * (schema.org), plus schema.org's attendance mode. Same names and IRIs as
 * Mobilizon's context, so its servers read them as their own.
 */
export const EVENT_CONTEXT = {
  mz: 'https://joinmobilizon.org/ns#',
  sc: 'http://schema.org#',
  ical: 'http://www.w3.org/2002/12/cal/ical#',
  timezone: { '@id': 'mz:timezone', '@type': 'sc:Text' },
  isOnline: { '@id': 'mz:isOnline', '@type': 'sc:Boolean' },
  PostalAddress: 'sc:PostalAddress',
  address: { '@id': 'sc:address', '@type': 'sc:PostalAddress' },
  streetAddress: 'sc:streetAddress',
  postalCode: 'sc:postalCode',
  addressLocality: 'sc:addressLocality',
  addressCountry: 'sc:addressCountry',
  eventAttendanceMode: { '@id': 'sc:eventAttendanceMode', '@type': '@id' },
  eventStatus: { '@id': 'sc:eventStatus', '@type': '@id' },
} as const;

const ATTENDANCE: Record<HubEvent['attendanceMode'], string> = {
  inPerson: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
};

const SCHEMA_STATUS: Record<HubEvent['status'], string> = {
  scheduled: 'https://schema.org/EventScheduled',
  cancelled: 'https://schema.org/EventCancelled',
  postponed: 'https://schema.org/EventPostponed',
  rescheduled: 'https://schema.org/EventRescheduled',
  movedOnline: 'https://schema.org/EventMovedOnline',
};

/** iCalendar STATUS, as Mobilizon sends it (`ical:status`). */
const ICAL_STATUS: Record<HubEvent['status'], string> = {
  scheduled: 'CONFIRMED',
  cancelled: 'CANCELLED',
  postponed: 'TENTATIVE',
  rescheduled: 'CONFIRMED',
  movedOnline: 'CONFIRMED',
};

const instant = (iso: string) => Temporal.Instant.from(iso);

/**
 * An event as an ActivityStreams `Event` the way Mobilizon and Gancio publish
 * them: `name`, HTML `content`, `startTime`/`endTime`, a `Place` with
 * coordinates, `url` to the human page. The terms ActivityStreams lacks come
 * from eventExtras.
 */
export function eventVocab(origin: string, event: HubEvent): Event {
  const preferred = event.inLanguage[0];
  const descriptionText = event.description ?? event.summary;
  const contents = Object.fromEntries(
    Object.entries(descriptionText ?? {}).map(([tag, text]) => [tag, paragraphs(text)]),
  );
  const venue = event.venue;
  return new Event({
    id: new URL(eventObjectUrl(origin, event.id)),
    attribution: new URL(actorUrl(origin, event.chapterId)),
    names: localizedValues(event.title, preferred),
    contents: localizedValues(contents, preferred),
    summaries: localizedValues(event.summary, preferred),
    startTime: instant(event.startsAt),
    endTime: instant(event.endsAt),
    url: new URL(eventPageUrl(origin, event.id)),
    location: venue
      ? new Place({
          name: venue.name,
          latitude: venue.lat ?? null,
          longitude: venue.lng ?? null,
        })
      : null,
    published: instant(event.createdAt),
    updated: instant(event.updatedAt),
    to: new URL(PUBLIC_AUDIENCE),
    cc: new URL(followersUrl(origin, event.chapterId)),
  });
}

/**
 * Adds what ActivityStreams lacks to a compacted `Event`: time zone, online
 * flag, attendance mode, status, the venue's postal address and the online link.
 */
export function withEventExtras(json: Json, event: HubEvent): Json {
  const venue = event.venue;
  const extended: Json = {
    ...json,
    timezone: event.timeZone,
    isOnline: event.attendanceMode === 'online',
    eventAttendanceMode: ATTENDANCE[event.attendanceMode],
    eventStatus: SCHEMA_STATUS[event.status],
    'ical:status': ICAL_STATUS[event.status],
  };
  if (venue && json.location && typeof json.location === 'object') {
    extended.location = {
      ...(json.location as Json),
      address: {
        type: 'PostalAddress',
        streetAddress: venue.address ?? undefined,
        postalCode: venue.postalCode ?? undefined,
        addressLocality: venue.locality ?? undefined,
        addressCountry: venue.country ?? undefined,
      },
    };
  }
  if (event.onlineUrl) {
    extended.attachment = [
      { type: 'Link', name: 'Online', mediaType: 'text/html', href: event.onlineUrl },
    ];
  }
  return extended;
}

/** The event on its own, as served at its ActivityPub id. */
export async function eventObject(origin: string, event: HubEvent): Promise<Json> {
  const json = (await eventVocab(origin, event).toJsonLd({ format: 'compact' })) as Json;
  return withContext(withEventExtras(json, event));
}

/** Adds the extension terms to a compacted document's context. */
export function withContext(json: Json): Json {
  const context = json['@context'];
  const list = Array.isArray(context) ? context : context ? [context] : [];
  return { ...json, '@context': [...list, EVENT_CONTEXT] };
}
