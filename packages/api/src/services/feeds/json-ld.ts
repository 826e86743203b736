import type { Chapter, Event } from '@oneteamgov/schema';
import { DateTime } from 'luxon';
import { labelsFor } from './labels.js';
import { pickLocalized } from './pick-language.js';

const SCHEMA = 'https://schema.org/';

const EVENT_STATUS: Record<Event['status'], string> = {
  scheduled: `${SCHEMA}EventScheduled`,
  cancelled: `${SCHEMA}EventCancelled`,
  postponed: `${SCHEMA}EventPostponed`,
  rescheduled: `${SCHEMA}EventRescheduled`,
  movedOnline: `${SCHEMA}EventMovedOnline`,
};

const ATTENDANCE_MODE: Record<Event['attendanceMode'], string> = {
  inPerson: `${SCHEMA}OfflineEventAttendanceMode`,
  online: `${SCHEMA}OnlineEventAttendanceMode`,
  hybrid: `${SCHEMA}MixedEventAttendanceMode`,
};

export interface JsonLdOptions {
  /** Public URL of the event page: `@id` and `url`. */
  eventUrl: string;
  /** The organising chapter, published as the `organizer` Organization. */
  chapter?: Chapter | null;
  /** Chosen language for name and description (falls back as `pickLanguage` does). */
  lang?: string | null;
}

/**
 * A schema.org `Event` for embedding as JSON-LD, following Google's Event
 * structured-data guidelines. Absent values are omitted rather than null.
 * Embedding in HTML is the caller's job: escape `<` in the serialised JSON.
 */
export function eventToJsonLd(event: Event, options: JsonLdOptions): Record<string, unknown> {
  const name = pickLocalized(event.title, options.lang);
  const text =
    pickLocalized(event.description, options.lang) ?? pickLocalized(event.summary, options.lang);
  // Google: an event that moved online is marked online, with a VirtualLocation.
  const mode = event.status === 'movedOnline' ? 'online' : event.attendanceMode;
  const chapterName = options.chapter ? pickLocalized(options.chapter.name, options.lang) : null;

  return compact({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': options.eventUrl,
    url: options.eventUrl,
    name: name?.value ?? event.id,
    description: text?.value,
    // The languages the event is held in when known; otherwise the language of the text shown.
    inLanguage: oneOrMany(event.inLanguage.length > 0 ? event.inLanguage : name ? [name.tag] : []),
    startDate: event.allDay ? localDate(event.startsAt, event.timeZone) : event.localStartsAt,
    endDate: event.allDay ? lastDay(event) : event.localEndsAt,
    eventStatus: EVENT_STATUS[event.status],
    previousStartDate: event.previousStartsAt
      ? event.allDay
        ? localDate(event.previousStartsAt, event.timeZone)
        : localDateTime(event.previousStartsAt, event.timeZone)
      : undefined,
    eventAttendanceMode: ATTENDANCE_MODE[mode],
    location: oneOrMany(locations(event, mode, options.eventUrl, options.lang)),
    organizer: options.chapter
      ? compact({
          '@type': 'Organization',
          name: chapterName?.value ?? options.chapter.id,
          url: options.chapter.website,
        })
      : undefined,
    // Price is not known, so it is left out rather than guessed.
    offers: event.registrationUrl ? { '@type': 'Offer', url: event.registrationUrl } : undefined,
    maximumAttendeeCapacity: event.capacity,
    keywords: event.tags.length > 0 ? event.tags : undefined,
    ...accessibilityOf(event, options.lang),
  });
}

type Feature = Event['accessibility']['features'][number];

/**
 * schema.org's accessibilityFeature vocabulary (https://www.w3.org/2021/a11y-discov-vocab/)
 * where it has a term; our own name otherwise.
 */
const ACCESSIBILITY_TERM: Record<Feature, string> = {
  stepFreeAccess: 'stepFreeAccess',
  accessibleToilets: 'accessibleToilets',
  hearingLoop: 'hearingLoop',
  liveCaptions: 'captions',
  signLanguage: 'signLanguage',
  quietRoom: 'quietRoom',
  largePrint: 'largePrint',
  genderNeutralToilets: 'genderNeutralToilets',
  childcare: 'childcare',
  dietaryOptions: 'dietaryOptions',
};

/** Features of the place itself, published on the Place as amenityFeature too. */
const AT_THE_VENUE: ReadonlySet<Feature> = new Set([
  'stepFreeAccess',
  'accessibleToilets',
  'hearingLoop',
  'quietRoom',
  'genderNeutralToilets',
  'childcare',
]);

function accessibilityOf(event: Event, lang: string | null | undefined): Record<string, unknown> {
  const { features, notes } = event.accessibility;
  return compact({
    accessibilityFeature:
      features.length > 0 ? features.map((feature) => ACCESSIBILITY_TERM[feature]) : undefined,
    accessibilitySummary: pickLocalized(notes, lang)?.value,
  });
}

/** schema.org LocationFeatureSpecification for each venue feature, named in the page's language. */
function amenities(event: Event, lang: string | null | undefined) {
  const labels = labelsFor(lang);
  const list = event.accessibility.features
    .filter((feature) => AT_THE_VENUE.has(feature))
    .map((feature) => ({
      '@type': 'LocationFeatureSpecification',
      name: labels.features[feature],
      value: true,
    }));
  return list.length > 0 ? list : undefined;
}

function locations(
  event: Event,
  mode: Event['attendanceMode'],
  eventUrl: string,
  lang: string | null | undefined,
): Record<string, unknown>[] {
  const result: Record<string, unknown>[] = [];
  const venue = event.venue;
  if (mode !== 'online' && venue) {
    const address = compact({
      '@type': 'PostalAddress',
      // Null when the organisers share the street address on request only.
      streetAddress: venue.address,
      addressLocality: venue.locality,
      postalCode: venue.postalCode,
      addressCountry: venue.country,
    });
    result.push(
      compact({
        '@type': 'Place',
        name: venue.name,
        address: Object.keys(address).length > 1 ? address : undefined,
        geo:
          venue.lat != null && venue.lng != null
            ? { '@type': 'GeoCoordinates', latitude: venue.lat, longitude: venue.lng }
            : undefined,
        amenityFeature: amenities(event, lang),
      }),
    );
  }
  if (mode !== 'inPerson') {
    // Without a public joining link, the event page is where people find out how to join.
    result.push({ '@type': 'VirtualLocation', url: event.onlineUrl ?? eventUrl });
  }
  return result;
}

/** RFC 3339 local time with offset in `zone` (never "Z"), like `localStartsAt`. */
function localDateTime(instant: string, zone: string): string {
  const local = DateTime.fromISO(instant, { zone });
  return local.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? instant;
}

function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? instant.slice(0, 10);
}

/** schema.org dates are inclusive: an all-day event ending at midnight ends the day before. */
function lastDay(event: Event): string {
  const start = DateTime.fromISO(event.startsAt, { zone: event.timeZone });
  const end = DateTime.fromISO(event.endsAt, { zone: event.timeZone });
  const last = end.equals(end.startOf('day')) ? end.minus({ days: 1 }) : end;
  return DateTime.max(last, start).toISODate() ?? event.endsAt.slice(0, 10);
}

function oneOrMany<T>(values: T[]): T | T[] | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
  );
}
