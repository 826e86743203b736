import type { Event } from '@oneteamgov/schema';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/create-router.js';
import { eventPageUrl } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { getEventOrThrow } from '../../services/events/get-event.js';
import { type ListEventsInput, listEvents } from '../../services/events/list-events.js';
import { type CalendarOptions, eventsToIcs, pickLanguage } from '../../services/feeds/index.js';
import {
  chapterCalendarRoute,
  eventCalendarRoute,
  eventsCalendarRoute,
  MAX_CALENDAR_EVENTS,
} from './calendars.routes.js';

/** Subscribed calendars poll; an hour is what Google and Outlook honour anyway. */
const REFRESH_MINUTES = 60;

function calendarOptions(
  c: Context<AppEnv>,
  name: string,
  lang: string | undefined,
  more?: Collected,
): CalendarOptions {
  const base = c.get('deps').publicUrl;
  return {
    name,
    url: `${base}${new URL(c.req.url).pathname}`,
    refreshIntervalMinutes: REFRESH_MINUTES,
    lang: lang ?? null,
    eventUrl: (event) => eventPageUrl(base, event.id),
    truncated: more?.truncated
      ? { limit: MAX_CALENDAR_EVENTS, nextUrl: continuation(c, more.truncated.nextFrom) }
      : undefined,
  };
}

/** This feed's URL with `from` moved on to where it stopped: the next date window. */
function continuation(c: Context<AppEnv>, nextFrom: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set('from', nextFrom);
  return `${c.get('deps').publicUrl}${url.pathname}${url.search}`;
}

type Collected = { truncated: { nextFrom: string } | null };

function ics(c: Context<AppEnv>, body: string) {
  return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
}

/**
 * One document of up to MAX_CALENDAR_EVENTS events, read page by page. When
 * more match, `truncated.nextFrom` is the start of the first event left out:
 * the same feed with `from` set to it continues where this one stops.
 */
async function collect(
  c: Context<AppEnv>,
  input: Omit<ListEventsInput, 'limit' | 'cursor'>,
): Promise<{ events: Event[] } & Collected> {
  const ctx = serviceCtx(c);
  const all: Event[] = [];
  let cursor: string | undefined;
  do {
    const page = await listEvents(ctx, { ...input, limit: 100, cursor });
    all.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length <= MAX_CALENDAR_EVENTS);
  const first = all[MAX_CALENDAR_EVENTS];
  return {
    events: all.slice(0, MAX_CALENDAR_EVENTS),
    truncated: first ? { nextFrom: first.startsAt } : null,
  };
}

export function calendarsRouter() {
  return createRouter()
    .openapi(eventsCalendarRoute, async (c) => {
      const { lang, ...filters } = c.req.valid('query');
      const { events, ...more } = await collect(c, filters);
      const name = `${c.get('deps').instanceName} — events`;
      return ics(c, eventsToIcs(events, calendarOptions(c, name, lang, more)));
    })
    .openapi(chapterCalendarRoute, async (c) => {
      const { chapterId } = c.req.valid('param');
      const { lang, ...filters } = c.req.valid('query');
      const chapter = await getChapterOrThrow(serviceCtx(c), chapterId);
      const { events, ...more } = await collect(c, { ...filters, chapter: [chapterId] });
      const name = `${pickLanguage(chapter.name, lang) ?? chapter.id} — events`;
      return ics(c, eventsToIcs(events, calendarOptions(c, name, lang, more)));
    })
    .openapi(eventCalendarRoute, async (c) => {
      const { lang } = c.req.valid('query');
      const event = await getEventOrThrow(serviceCtx(c), c.req.valid('param').eventId);
      const name = pickLanguage(event.title, lang) ?? event.id;
      return ics(c, eventsToIcs([event], calendarOptions(c, name, lang)));
    });
}
