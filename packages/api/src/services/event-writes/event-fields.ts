import type { EventInput, SeriesEventInput } from '@oneteamgov/schema';
import type { EventRow, NewEventRow } from '../../db/schema/index.js';

/** The columns an organiser controls: what EventInput sets on a row. */
export type EventFields = Required<
  Pick<
    NewEventRow,
    | 'title'
    | 'summary'
    | 'description'
    | 'inLanguage'
    | 'startsAt'
    | 'endsAt'
    | 'timeZone'
    | 'allDay'
    | 'status'
    | 'attendanceMode'
    | 'venue'
    | 'onlineUrl'
    | 'registrationUrl'
    | 'capacity'
    | 'tags'
    | 'principles'
    | 'accessibility'
  >
>;

/** Input → columns; fields left out become null or empty, so a PUT replaces the whole event. */
export function fieldsFromInput(input: EventInput): EventFields {
  return {
    ...sharedFieldsFromInput(input),
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    timeZone: input.timeZone,
  };
}

/** The fields an event and a series' occurrences share (everything but the times). */
export function sharedFieldsFromInput(
  input: SeriesEventInput,
): Omit<EventFields, 'startsAt' | 'endsAt' | 'timeZone'> {
  return {
    title: input.title,
    summary: input.summary ?? null,
    description: input.description ?? null,
    inLanguage: input.inLanguage,
    allDay: input.allDay,
    status: input.status,
    attendanceMode: input.attendanceMode,
    venue: input.venue ?? null,
    onlineUrl: input.onlineUrl ?? null,
    registrationUrl: input.registrationUrl ?? null,
    capacity: input.capacity ?? null,
    tags: input.tags,
    principles: input.principles,
    accessibility: input.accessibility ?? { features: [], notes: null },
  };
}

/** A stored event as the input that would produce it, for merging a PATCH into. */
export function inputFromRow(row: EventRow): Record<keyof EventFields, unknown> {
  return {
    title: row.title,
    summary: row.summary,
    description: row.description,
    inLanguage: row.inLanguage,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    allDay: row.allDay,
    status: row.status,
    attendanceMode: row.attendanceMode,
    venue: row.venue,
    onlineUrl: row.onlineUrl,
    registrationUrl: row.registrationUrl,
    capacity: row.capacity,
    tags: row.tags,
    principles: row.principles,
    accessibility: row.accessibility,
  };
}

/** The columns that say who owns a row and where it came from; a write never changes them. */
export function identityOf(row: EventRow) {
  return {
    id: row.id,
    chapterId: row.chapterId,
    sourceKind: row.sourceKind,
    sourceId: row.sourceId,
    upstreamUid: row.upstreamUid,
    externalId: row.externalId,
    originInstance: row.originInstance,
    seriesId: row.seriesId,
    recurrenceId: row.recurrenceId,
  } satisfies Partial<NewEventRow>;
}
