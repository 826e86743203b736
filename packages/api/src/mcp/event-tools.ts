import { Event, EventListQuery, HttpUrl, LIMITS } from '@oneteamgov/schema';
import { z } from 'zod';
import { eventPageUrl } from '../lib/links.js';
import { EventPage, getEventRoute, listEventsRoute } from '../routes/events/events.routes.js';
import { getEventOrThrow } from '../services/events/get-event.js';
import { listEvents } from '../services/events/list-events.js';
import { READ_ONLY, type RegisterTools } from './hub-tools.js';
import { eventListText, eventText } from './readable-text.js';
import { answer, runTool } from './tool-answers.js';

/** An event as the REST API returns it, with the page people follow. */
export const EventWithPage = Event.extend({
  pageUrl: HttpUrl.meta({ description: 'The event’s page on the hub, for people to open' }),
});
type EventWithPage = z.infer<typeof EventWithPage>;

const SearchEventsOutput = z.object({
  data: z.array(EventWithPage).max(LIMITS.pageSize),
  nextCursor: EventPage.shape.nextCursor,
});

const withPage = (origin: string, event: Event): EventWithPage => ({
  ...event,
  pageUrl: eventPageUrl(origin, event.id),
});

/** The language to show text in: the first one the search asked events to be held in. */
const preferredLanguage = (query: EventListQuery) => query.inLanguage?.[0] ?? null;

/**
 * `search_events` takes exactly the filters of `GET /v1/events` (the same zod
 * schema, so the same bounds, refinements and messages), and `get_event` the
 * same id as `GET /v1/events/{eventId}`; both call the services the routes call.
 */
export const registerEventTools: RegisterTools = (server, { ctx, logger }) => {
  server.registerTool(
    'search_events',
    {
      title: 'Search events',
      description: `${listEventsRoute.summary}. ${listEventsRoute.description}\n\nHere, pass \`nextCursor\` back as \`cursor\` for the next page. Each event comes with \`pageUrl\`, its page on the hub; give people that link.`,
      inputSchema: EventListQuery,
      outputSchema: SearchEventsOutput,
      annotations: READ_ONLY,
    },
    (query) =>
      runTool(logger, 'search_events', async () => {
        const call = ctx();
        const page = await listEvents(call, query);
        const data = page.data.map((event) => withPage(call.origin, event));
        return answer(eventListText(data, page.nextCursor, preferredLanguage(query)), {
          data,
          nextCursor: page.nextCursor,
        });
      }),
  );

  server.registerTool(
    'get_event',
    {
      title: 'Get an event',
      description: `${getEventRoute.summary} by its id (as \`search_events\` lists it), with \`pageUrl\`, its page on the hub.`,
      inputSchema: getEventRoute.request.params,
      outputSchema: EventWithPage,
      annotations: READ_ONLY,
    },
    ({ eventId }) =>
      runTool(logger, 'get_event', async () => {
        const call = ctx();
        const event = withPage(call.origin, await getEventOrThrow(call, eventId));
        return answer(eventText(event, null), event);
      }),
  );
};
