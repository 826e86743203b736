import { createRoute, z } from '@hono/zod-openapi';
import {
  CalendarLanguageQuery,
  ChapterEventCalendarQuery,
  EventCalendarQuery,
  Id,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

/** Calendar feeds take the list filters (no cursor: a feed is one document) and a language. */
export const MAX_CALENDAR_EVENTS = 1000;
/** Every event's text is bounded (a 20,000-character description at most), so a feed is too. */
const MAX_CALENDAR_CHARACTERS = 64_000_000;

const icsResponse = {
  description: `An iCalendar (RFC 5545) document with VTIMEZONE blocks, stable UIDs, SEQUENCE and STATUS (cancelled events are kept as STATUS:CANCELLED so calendars remove them), and RFC 7986 NAME and REFRESH-INTERVAL. Each event carries its own TZID, its page as URL, its joining link as RFC 7986 CONFERENCE, its registration link (X-OTG-REGISTRATION-URL) and accessibility features (X-OTG-ACCESSIBILITY), also as readable DESCRIPTION lines. At most ${MAX_CALENDAR_EVENTS} events: a feed cut there says so with X-OTG-TRUNCATED and names the next date window in X-OTG-NEXT-URL.`,
  headers: notModified.headers,
  content: {
    'text/calendar': {
      schema: z.string().max(MAX_CALENDAR_CHARACTERS).meta({ example: 'BEGIN:VCALENDAR\r\n…' }),
    },
  },
};

export const eventsCalendarRoute = createRoute({
  method: 'get',
  path: '/v1/events.ics',
  operationId: 'getEventsCalendar',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Calendars'],
  summary: 'Subscribe to events as iCalendar',
  description:
    'Any event filter of `GET /v1/events`, as a calendar feed for Google Calendar, Outlook, Apple Calendar or Thunderbird.',
  request: { query: EventCalendarQuery },
  responses: { 200: icsResponse, 304: notModified, ...errorResponses(400, 500) },
});

export const chapterCalendarRoute = createRoute({
  method: 'get',
  path: '/v1/chapters/{chapterId}/events.ics',
  operationId: 'getChapterCalendar',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Calendars'],
  summary: "Subscribe to a chapter's events as iCalendar",
  request: {
    params: ChapterParams,
    query: ChapterEventCalendarQuery,
  },
  responses: { 200: icsResponse, 304: notModified, ...errorResponses(400, 404, 500) },
});

export const eventCalendarRoute = createRoute({
  method: 'get',
  path: '/v1/events/{eventId}/event.ics',
  operationId: 'getEventCalendar',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Calendars'],
  summary: 'One event as iCalendar',
  request: {
    params: z.object({ eventId: Id.meta({ example: 'north-monthly-20260721t180000' }) }),
    query: CalendarLanguageQuery,
  },
  responses: { 200: icsResponse, 304: notModified, ...errorResponses(400, 404, 500) },
});
