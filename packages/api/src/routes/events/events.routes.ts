import { createRoute, z } from '@hono/zod-openapi';
import {
  CalendarLanguageQuery,
  ChapterEventListQuery,
  Event,
  EventListQuery,
  Id,
  page,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

export const EventPage = page(
  Event,
  'EventPage',
  'A page of events ordered by start time, then id',
);
const EventParams = z.object({ eventId: Id.meta({ example: 'north-monthly-20260721t180000' }) });

const LIST_DESCRIPTION = `Events that have not yet ended (or, with \`from\`/\`to\`, that overlap the
window), ordered by start then id. Multi-valued filters accept repeated parameters or a
comma-separated list and match any of the values. \`q\` searches titles, summaries and
descriptions in every language, ignoring case and accents. Cursor-paginated; the next page
is also in the \`Link\` header.`;

export const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Events'],
  summary: 'List events across chapters',
  description: LIST_DESCRIPTION,
  request: { query: EventListQuery },
  responses: {
    200: okJson(EventPage, 'A page of events', true),
    304: notModified,
    ...errorResponses(400, 500),
  },
});

export const listChapterEventsRoute = createRoute({
  method: 'get',
  path: '/v1/chapters/{chapterId}/events',
  operationId: 'listChapterEvents',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Events', 'Chapters'],
  summary: "List a chapter's events",
  description: `${LIST_DESCRIPTION}\n\nAnswers 404 when the chapter does not exist.`,
  request: { params: ChapterParams, query: ChapterEventListQuery },
  responses: {
    200: okJson(EventPage, 'A page of the chapter’s events', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

const EventJsonLd = z.record(z.string(), z.unknown()).meta({
  id: 'EventJsonLd',
  description: 'schema.org Event as JSON-LD (send `Accept: application/ld+json`)',
  example: {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: 'One Team Gov North monthly meetup',
  },
});

export const getEventRoute = createRoute({
  method: 'get',
  path: '/v1/events/{eventId}',
  operationId: 'getEvent',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Events'],
  summary: 'Get an event',
  description:
    'The event as JSON, or as schema.org `Event` JSON-LD for search engines and sites with `Accept: application/ld+json` (`lang` picks the language of the JSON-LD text).',
  request: { params: EventParams, query: CalendarLanguageQuery },
  responses: {
    200: {
      ...okJson(Event, 'The event'),
      content: {
        'application/json': { schema: Event },
        'application/ld+json': { schema: EventJsonLd },
      },
    },
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});
