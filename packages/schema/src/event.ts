import { z } from 'zod';
import {
  CountryCode,
  HttpUrl,
  Id,
  Instant,
  int32,
  LanguageTag,
  Latitude,
  LIMITS,
  LocalizedText,
  Longitude,
  localizedText,
  MAX_EVENT_DAYS,
  orNull,
  Slug,
  Tag,
  TimeZone,
} from './primitives.js';
import { PrincipleId } from './principle.js';

/** schema.org EventStatusType, camel-cased. */
export const EventStatus = z
  .enum(['scheduled', 'cancelled', 'postponed', 'rescheduled', 'movedOnline'])
  .meta({ id: 'EventStatus', example: 'scheduled' });
export type EventStatus = z.infer<typeof EventStatus>;

export const AttendanceMode = z
  .enum(['inPerson', 'online', 'hybrid'])
  .meta({ id: 'AttendanceMode', example: 'hybrid' });

export const AddressVisibility = z.enum(['public', 'onRequest']).meta({
  id: 'AddressVisibility',
  description: '`onRequest` hides the street address in public responses',
});

export const ACCESSIBILITY_FEATURES = [
  'stepFreeAccess',
  'accessibleToilets',
  'hearingLoop',
  'liveCaptions',
  'signLanguage',
  'quietRoom',
  'largePrint',
  'genderNeutralToilets',
  'childcare',
  'dietaryOptions',
] as const;
export const AccessibilityFeature = z
  .enum(ACCESSIBILITY_FEATURES)
  .meta({ id: 'AccessibilityFeature' });

export const Accessibility = z
  .object({
    features: z.array(AccessibilityFeature).max(ACCESSIBILITY_FEATURES.length),
    notes: localizedText(LIMITS.summary).nullable(),
  })
  .meta({
    id: 'Accessibility',
    example: { features: ['stepFreeAccess', 'hearingLoop'], notes: null },
  });

export const Venue = z
  .object({
    name: z.string().min(1).max(LIMITS.shortText).meta({ example: 'Tramshed Tech' }),
    address: z.string().max(500).nullable().meta({
      description: 'Street address; null in public responses when addressVisibility is onRequest',
    }),
    locality: z.string().max(LIMITS.shortText).nullable().meta({ example: 'Cardiff' }),
    postalCode: z.string().max(20).nullable(),
    country: CountryCode.nullable(),
    lat: Latitude.nullable(),
    lng: Longitude.nullable(),
    addressVisibility: AddressVisibility,
  })
  .meta({ id: 'Venue' });

export const SourceKind = z
  .enum(['push', 'instance', 'ics', 'demo'])
  .meta({ id: 'SourceKind', description: 'How the record reached this instance' });

export const Provenance = z
  .object({
    sourceKind: SourceKind,
    sourceId: Id.nullable(),
    upstreamUid: z.string().max(500).nullable(),
    originInstance: z.string().max(LIMITS.url),
    lastSeenAt: Instant.nullable(),
  })
  .meta({ id: 'Provenance' });

export const SeriesLink = z
  .object({
    id: Id,
    recurrenceId: z.string().max(20).meta({
      description: 'Original local start of this occurrence (RFC 5545 RECURRENCE-ID, basic format)',
      example: '20260721T180000',
    }),
    rrule: z.string().max(500).meta({ example: 'FREQ=MONTHLY;BYDAY=3TU' }),
  })
  .meta({ id: 'SeriesLink' });

const RFC3339_LOCAL = z.string().max(40).meta({
  description: 'Local wall-clock time in the event time zone, with its UTC offset',
  example: '2026-07-21T18:00:00+01:00',
});

export const Event = z
  .object({
    id: Id.meta({ example: 'north-monthly-20260721t180000' }),
    chapterId: Slug.meta({ example: 'north' }),
    title: localizedText(LIMITS.title),
    summary: localizedText(LIMITS.summary).nullable(),
    description: orNull(LocalizedText),
    inLanguage: z.array(LanguageTag).max(LIMITS.languages),
    startsAt: Instant,
    endsAt: Instant,
    timeZone: TimeZone,
    localStartsAt: RFC3339_LOCAL,
    localEndsAt: RFC3339_LOCAL,
    allDay: z.boolean(),
    status: EventStatus,
    previousStartsAt: Instant.nullable().meta({
      description: 'Former start when the event was postponed or rescheduled',
    }),
    attendanceMode: AttendanceMode,
    venue: orNull(Venue),
    onlineUrl: HttpUrl.nullable(),
    registrationUrl: HttpUrl.nullable(),
    capacity: int32(0, 1_000_000).nullable(),
    tags: z.array(Tag).max(LIMITS.tags),
    principles: z.array(PrincipleId).max(7),
    accessibility: Accessibility,
    series: orNull(SeriesLink),
    provenance: Provenance,
    sequence: int32(0, 2_147_483_647),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({
    id: 'Event',
    description: 'An event held by a chapter',
    example: {
      id: 'north-monthly-20260721t180000',
      chapterId: 'north',
      title: { en: 'One Team Gov North monthly meetup' },
      summary: { en: 'Third Tuesday meetup for public servants across the North.' },
      description: null,
      inLanguage: ['en'],
      startsAt: '2026-07-21T17:00:00Z',
      endsAt: '2026-07-21T19:00:00Z',
      timeZone: 'Europe/London',
      localStartsAt: '2026-07-21T18:00:00+01:00',
      localEndsAt: '2026-07-21T20:00:00+01:00',
      allDay: false,
      status: 'scheduled',
      previousStartsAt: null,
      attendanceMode: 'inPerson',
      venue: null,
      onlineUrl: null,
      registrationUrl: 'https://www.eventbrite.co.uk/',
      capacity: 25,
      tags: ['meetup'],
      principles: ['work-across-borders'],
      accessibility: { features: ['stepFreeAccess'], notes: null },
      series: {
        id: 'north-monthly',
        recurrenceId: '20260721T180000',
        rrule: 'FREQ=MONTHLY;BYDAY=3TU',
      },
      provenance: {
        sourceKind: 'push',
        sourceId: null,
        upstreamUid: null,
        originInstance: 'https://hub.oneteamgov.org',
        lastSeenAt: null,
      },
      sequence: 0,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
  });
export type Event = z.infer<typeof Event>;

/**
 * What an organiser sends to create or replace an event. Strict: server-controlled
 * fields (id, chapter, sequence, provenance, timestamps) cannot be set.
 */
export const EventInput = z
  .strictObject({
    title: localizedText(LIMITS.title),
    summary: localizedText(LIMITS.summary).nullable().optional(),
    description: orNull(LocalizedText).optional(),
    inLanguage: z.array(LanguageTag).max(LIMITS.languages).default([]),
    startsAt: Instant,
    endsAt: Instant,
    timeZone: TimeZone,
    allDay: z.boolean().default(false),
    status: EventStatus.default('scheduled'),
    attendanceMode: AttendanceMode.default('inPerson'),
    venue: orNull(Venue).optional(),
    onlineUrl: HttpUrl.nullable().optional(),
    registrationUrl: HttpUrl.nullable().optional(),
    capacity: int32(0, 1_000_000).nullable().optional(),
    tags: z.array(Tag).max(LIMITS.tags).default([]),
    principles: z.array(PrincipleId).max(7).default([]),
    accessibility: Accessibility.optional(),
  })
  .refine((e) => Date.parse(e.endsAt) >= Date.parse(e.startsAt), {
    message: 'endsAt must not be before startsAt',
    path: ['endsAt'],
  })
  .refine((e) => Date.parse(e.endsAt) - Date.parse(e.startsAt) <= MAX_EVENT_DAYS * 86_400_000, {
    message: `an event may last at most ${MAX_EVENT_DAYS} days`,
    path: ['endsAt'],
  })
  .refine((e) => e.attendanceMode === 'online' || e.venue != null || e.status === 'cancelled', {
    message: 'an in-person or hybrid event needs a venue',
    path: ['venue'],
  })
  .meta({ id: 'EventInput' });
export type EventInput = z.infer<typeof EventInput>;

/** A recurring series: an RFC 5545 rule in a time zone, materialised into occurrences. */
export const EventSeries = z
  .object({
    id: Id,
    chapterId: Slug,
    rrule: z
      .string()
      .min(5)
      .max(500)
      .regex(/^FREQ=/, 'must start with FREQ='),
    startLocal: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/),
    timeZone: TimeZone,
    durationMinutes: int32(0, 60 * 24 * 14),
    exdates: z.array(z.string().max(20)).max(500),
    rdates: z.array(z.string().max(20)).max(500),
  })
  .meta({ id: 'EventSeries' });
export type EventSeries = z.infer<typeof EventSeries>;
