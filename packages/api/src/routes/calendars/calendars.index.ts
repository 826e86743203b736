import type { Context } from 'hono';
import { cachePublic } from '../../lib/cache.js';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/create-router.js';
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
): CalendarOptions {
  const base = c.get('deps').publicUrl;
  return {
    name,
    url: `${base}${new URL(c.req.url).pathname}`,
    refreshIntervalMinutes: REFRESH_MINUTES,
    lang: lang ?? null,
    eventUrl: (event) => `${base}/v1/events/${encodeURIComponent(event.id)}`,
  };
}

function ics(c: Context<AppEnv>, body: string) {
  cachePublic(c, 300);
  return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
}

/** One document of up to MAX_CALENDAR_EVENTS events, read page by page. */
async function collect(c: Context<AppEnv>, input: Omit<ListEventsInput, 'limit' | 'cursor'>) {
  const ctx = serviceCtx(c);
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await listEvents(ctx, { ...input, limit: 100, cursor });
    all.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < MAX_CALENDAR_EVENTS);
  return all.slice(0, MAX_CALENDAR_EVENTS);
}

export function calendarsRouter() {
  return createRouter()
    .openapi(eventsCalendarRoute, async (c) => {
      const { lang, ...filters } = c.req.valid('query');
      const events = await collect(c, filters);
      return ics(
        c,
        eventsToIcs(events, calendarOptions(c, `${c.get('deps').instanceName} — events`, lang)),
      );
    })
    .openapi(chapterCalendarRoute, async (c) => {
      const { chapterId } = c.req.valid('param');
      const { lang, ...filters } = c.req.valid('query');
      const chapter = await getChapterOrThrow(serviceCtx(c), chapterId);
      const events = await collect(c, { ...filters, chapter: [chapterId] });
      const name = `${pickLanguage(chapter.name, lang) ?? chapter.id} — events`;
      return ics(c, eventsToIcs(events, calendarOptions(c, name, lang)));
    })
    .openapi(eventCalendarRoute, async (c) => {
      const { lang } = c.req.valid('query');
      const event = await getEventOrThrow(serviceCtx(c), c.req.valid('param').eventId);
      const name = pickLanguage(event.title, lang) ?? event.id;
      return ics(c, eventsToIcs([event], calendarOptions(c, name, lang)));
    });
}
