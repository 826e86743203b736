import { z } from 'zod';
import {
  Accessibility,
  AttendanceMode,
  EventInput,
  EventSeries,
  EventStatus,
  Venue,
} from './event.js';
import {
  Count,
  HttpUrl,
  Id,
  Instant,
  int32,
  LanguageTag,
  LIMITS,
  LocalizedText,
  orNull,
  Slug,
  Tag,
} from './primitives.js';
import { PrincipleId } from './principle.js';

/**
 * The organiser's own identifier for an event (from their CMS or ticketing
 * system). Unique per chapter; `PUT …/events/external/{externalId}` upserts on it.
 */
export const ExternalId = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._~:@+-]*$/,
    'must start with a letter or digit and use only A-Z a-z 0-9 . _ ~ : @ + -',
  )
  .meta({ id: 'ExternalId', example: 'cms-event-4711' });

/** A new event pushed by an organiser; `externalId` lets them find it again by their own id. */
export const EventCreateInput = EventInput.safeExtend({
  externalId: ExternalId.optional(),
}).meta({
  id: 'EventCreateInput',
  description:
    'EventInput plus an optional externalId. Server-controlled fields (id, chapterId, sequence, provenance, timestamps) are refused.',
  example: {
    title: { en: 'One Team Gov Wales breakfast', cy: 'Brecwast Un Tîm Llywodraeth Cymru' },
    startsAt: '2026-09-15T07:30:00Z',
    endsAt: '2026-09-15T09:00:00Z',
    timeZone: 'Europe/London',
    attendanceMode: 'online',
    onlineUrl: 'https://meet.example.org/otg-wales',
    externalId: 'cms-event-4711',
  },
});
export type EventCreateInput = z.infer<typeof EventCreateInput>;

const input = EventInput.shape;

/**
 * A partial update. Every field is optional; `null` clears a nullable field.
 * The event that results must still be a valid EventInput (end after start,
 * a venue for in-person events), which the server checks after merging.
 */
export const EventPatch = z
  .strictObject({
    title: input.title.optional(),
    summary: input.summary,
    description: input.description,
    inLanguage: input.inLanguage.removeDefault().optional(),
    startsAt: input.startsAt.optional(),
    endsAt: input.endsAt.optional(),
    timeZone: input.timeZone.optional(),
    allDay: input.allDay.removeDefault().optional(),
    status: input.status.removeDefault().optional(),
    attendanceMode: input.attendanceMode.removeDefault().optional(),
    venue: input.venue,
    onlineUrl: input.onlineUrl,
    registrationUrl: input.registrationUrl,
    capacity: input.capacity,
    tags: input.tags.removeDefault().optional(),
    principles: input.principles.removeDefault().optional(),
    accessibility: input.accessibility,
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field' })
  .meta({
    id: 'EventPatch',
    description:
      'Fields to change. `{ "status": "cancelled" }` cancels; a new `startsAt` reschedules (previousStartsAt keeps the old start and, unless status is sent, status becomes `rescheduled`).',
    example: { status: 'cancelled' },
  });
export type EventPatch = z.infer<typeof EventPatch>;

const needsVenue = (e: { attendanceMode?: string; venue?: unknown; status?: string }) =>
  e.attendanceMode === 'online' || e.venue != null || e.status === 'cancelled';

const { startsAt: _s, endsAt: _e, timeZone: _z, ...shared } = input;

/** What every occurrence of a series shares: EventInput without its times and zone. */
export const SeriesEventInput = z
  .strictObject(shared)
  .refine(needsVenue, { message: 'an in-person or hybrid event needs a venue', path: ['venue'] })
  .meta({
    id: 'SeriesEventInput',
    description: 'The fields every occurrence shares; times come from the rule.',
  });
export type SeriesEventInput = z.infer<typeof SeriesEventInput>;

export const SeriesEventPatch = z
  .strictObject({
    title: shared.title.optional(),
    summary: shared.summary,
    description: shared.description,
    inLanguage: shared.inLanguage.removeDefault().optional(),
    allDay: shared.allDay.removeDefault().optional(),
    status: shared.status.removeDefault().optional(),
    attendanceMode: shared.attendanceMode.removeDefault().optional(),
    venue: shared.venue,
    onlineUrl: shared.onlineUrl,
    registrationUrl: shared.registrationUrl,
    capacity: shared.capacity,
    tags: shared.tags.removeDefault().optional(),
    principles: shared.principles.removeDefault().optional(),
    accessibility: shared.accessibility,
  })
  .meta({ id: 'SeriesEventPatch' });

const LocalDateTime = z
  .string()
  .max(19)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/, 'must be a local date-time YYYY-MM-DDTHH:mm')
  .meta({
    description: 'Wall-clock date-time in the series time zone, without offset',
    example: '2026-07-21T18:00',
  });

const rule = {
  rrule: EventSeries.shape.rrule.meta({
    description:
      'RFC 5545 RRULE value without the `RRULE:` prefix. At most daily, and at most 1000 occurrences in the materialised window.',
    example: 'FREQ=MONTHLY;BYDAY=3TU',
  }),
  startLocal: LocalDateTime,
  timeZone: EventSeries.shape.timeZone,
  durationMinutes: EventSeries.shape.durationMinutes.meta({ example: 120 }),
  exdates: z.array(LocalDateTime).max(500).meta({ description: 'Local starts to skip' }),
  rdates: z.array(LocalDateTime).max(500).meta({ description: 'Extra local starts' }),
};

export const SeriesInput = z
  .strictObject({
    ...rule,
    exdates: rule.exdates.default([]),
    rdates: rule.rdates.default([]),
    event: SeriesEventInput,
  })
  .meta({
    id: 'SeriesInput',
    description: 'A recurring series; its occurrences are created as events straight away.',
    example: {
      rrule: 'FREQ=MONTHLY;BYDAY=3TU',
      startLocal: '2026-07-21T18:00',
      timeZone: 'Europe/London',
      durationMinutes: 120,
      event: { title: { en: 'North monthly meetup' }, attendanceMode: 'online' },
    },
  });
export type SeriesInput = z.infer<typeof SeriesInput>;

export const SeriesPatch = z
  .strictObject({
    rrule: rule.rrule.optional(),
    startLocal: rule.startLocal.optional(),
    timeZone: rule.timeZone.optional(),
    durationMinutes: rule.durationMinutes.optional(),
    exdates: rule.exdates.optional(),
    rdates: rule.rdates.optional(),
    event: SeriesEventPatch.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field' })
  .meta({
    id: 'SeriesPatch',
    description:
      'Changes the whole series and re-creates its occurrences. Per-occurrence changes made through PATCH /v1/events/{eventId} are kept for occurrences the new rule still has.',
    example: { event: { title: { en: 'North monthly meetup (new venue)' } } },
  });
export type SeriesPatch = z.infer<typeof SeriesPatch>;

/** The shared fields of a series as stored (after defaults). */
export const SeriesEvent = z
  .object({
    title: LocalizedText,
    summary: orNull(LocalizedText),
    description: orNull(LocalizedText),
    inLanguage: z.array(LanguageTag).max(LIMITS.languages),
    allDay: z.boolean(),
    status: EventStatus,
    attendanceMode: AttendanceMode,
    venue: orNull(Venue),
    onlineUrl: HttpUrl.nullable(),
    registrationUrl: HttpUrl.nullable(),
    capacity: int32(0, 1_000_000).nullable(),
    tags: z.array(Tag).max(LIMITS.tags),
    principles: z.array(PrincipleId).max(7),
    accessibility: Accessibility,
  })
  .meta({ id: 'SeriesEvent' });

export const SeriesOccurrence = z
  .object({
    id: Id,
    recurrenceId: z.string().max(20).meta({ example: '20260721T180000' }),
    startsAt: Instant,
    status: EventStatus,
  })
  .meta({ id: 'SeriesOccurrence' });

export const Series = z
  .object({
    id: Id.meta({ example: 'ser_3f9c0a1b2c3d4e5f' }),
    chapterId: Slug,
    rrule: z.string().max(500),
    startLocal: z.string().max(19),
    timeZone: EventSeries.shape.timeZone,
    durationMinutes: Count,
    exdates: z.array(z.string().max(20)).max(1000),
    rdates: z.array(z.string().max(20)).max(1000),
    event: SeriesEvent,
    occurrenceCount: Count.meta({
      description:
        'Occurrences currently materialised as events (past ones kept, about 400 days ahead)',
    }),
    upcoming: z.array(SeriesOccurrence).max(10).meta({
      description: 'The next occurrences not yet ended; each is an event at /v1/events/{id}',
    }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Series', description: 'A recurring series of events' });
export type Series = z.infer<typeof Series>;
