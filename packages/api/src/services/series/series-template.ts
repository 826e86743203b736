import type { SeriesEventInput, Series as SeriesResource } from '@oneteamgov/schema';
import type { SeriesTemplate } from '../../db/schema/index.js';

/** The shared fields as stored on the series; occurrences copy them. */
export function templateFromInput(
  input: SeriesEventInput,
  provenance: Pick<SeriesTemplate, 'sourceKind' | 'originInstance'>,
): SeriesTemplate {
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
    ...provenance,
  };
}

/** A stored template with its defaults filled in (venue address included: not for public output). */
export function eventOfTemplate(template: SeriesTemplate): SeriesResource['event'] {
  return {
    title: template.title,
    summary: template.summary ?? null,
    description: template.description ?? null,
    inLanguage: template.inLanguage ?? [],
    allDay: template.allDay ?? false,
    status: template.status ?? 'scheduled',
    attendanceMode: template.attendanceMode ?? 'inPerson',
    venue: template.venue ?? null,
    onlineUrl: template.onlineUrl ?? null,
    registrationUrl: template.registrationUrl ?? null,
    capacity: template.capacity ?? null,
    tags: template.tags ?? [],
    principles: (template.principles ?? []) as SeriesResource['event']['principles'],
    accessibility: (template.accessibility ?? {
      features: [],
      notes: null,
    }) as SeriesResource['event']['accessibility'],
  };
}
