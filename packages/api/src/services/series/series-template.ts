import type { SeriesEventInput, Series as SeriesResource } from '@oneteamgov/schema';
import type { SeriesTemplate } from '../../db/schema/index.js';
import { sharedFieldsFromInput } from '../event-writes/event-fields.js';

/** The shared fields as stored on the series; occurrences copy them. */
export function templateFromInput(
  input: SeriesEventInput,
  provenance: Pick<SeriesTemplate, 'sourceKind' | 'originInstance'>,
): SeriesTemplate {
  return { ...sharedFieldsFromInput(input), ...provenance };
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
