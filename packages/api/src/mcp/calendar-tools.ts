import { EventCalendarQuery, HttpUrl, Slug } from '@oneteamgov/schema';
import { z } from 'zod';
import { chapterCalendarRoute, eventsCalendarRoute } from '../routes/calendars/calendars.routes.js';
import { getChapterOrThrow } from '../services/chapters/get-chapter.js';
import { READ_ONLY, type RegisterTools } from './hub-tools.js';
import { answer, runTool } from './tool-answers.js';

type CalendarQuery = z.infer<typeof EventCalendarQuery>;

const CalendarLinksOutput = z.object({
  url: HttpUrl.meta({ description: 'The iCalendar feed: paste into "subscribe from URL"' }),
  webcalUrl: z.string().max(2100).meta({
    description: 'The same feed as a webcal:// link, which opens the calendar app directly',
  }),
  chapters: z.array(Slug).max(50).meta({ description: 'The chapters the feed is limited to' }),
});

/**
 * A parsed query written back as the query string the calendar routes read:
 * lists comma-separated, `near` as "lat,lng", `includeSubchapters` only when true.
 */
function queryString(query: Omit<CalendarQuery, 'chapter'> & { chapter?: string[] }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === false) continue;
    if (Array.isArray(value)) params.set(name, value.join(','));
    else if (typeof value === 'object' && value !== null && 'lat' in value && 'lng' in value)
      params.set(name, `${value.lat},${value.lng}`);
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The feed URL: one chapter's own feed when the filters name exactly one, else the hub-wide one. */
export function calendarUrl(origin: string, query: CalendarQuery): string {
  const base = origin.replace(/\/$/, '');
  const { chapter, ...filters } = query;
  if (chapter?.length === 1 && !query.includeSubchapters) {
    return `${base}/v1/chapters/${encodeURIComponent(chapter[0]!)}/events.ics${queryString(filters)}`;
  }
  return `${base}/v1/events.ics${queryString(query)}`;
}

const HOW_TO = `Google Calendar: Other calendars → "+" → From URL. Outlook: Add calendar → Subscribe from web. Apple Calendar: File → New Calendar Subscription.`;

/**
 * `calendar_links` takes the filters of the calendar feeds (`GET /v1/events.ics`)
 * and answers the subscribe URLs; it checks that the chapters named exist.
 */
export const registerCalendarTools: RegisterTools = (server, { ctx, logger }) => {
  server.registerTool(
    'calendar_links',
    {
      title: 'Calendar subscribe links',
      description: `${eventsCalendarRoute.summary}: ${eventsCalendarRoute.description} With exactly one \`chapter\`, the link is that chapter's own feed (\`${chapterCalendarRoute.path}\`). Answers the subscribe URLs (https and webcal); it does not read the events.`,
      inputSchema: EventCalendarQuery,
      outputSchema: CalendarLinksOutput,
      annotations: READ_ONLY,
    },
    (query) =>
      runTool(logger, 'calendar_links', async () => {
        const call = ctx();
        for (const id of query.chapter ?? []) await getChapterOrThrow(call, id);
        const url = calendarUrl(call.origin, query);
        const webcalUrl = url.replace(/^https?:/, 'webcal:');
        const scope = query.chapter?.length
          ? `chapter ${query.chapter.join(', ')}`
          : 'all chapters';
        const text = `Calendar feed for ${scope}:\n${url}\n\nOpen directly in a calendar app: ${webcalUrl}\n${HOW_TO}`;
        return answer(text, { url, webcalUrl, chapters: query.chapter ?? [] });
      }),
  );
};
