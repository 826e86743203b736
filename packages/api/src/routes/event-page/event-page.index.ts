import { etag } from 'hono/etag';
import { CACHING, cacheControl } from '../../lib/cache.js';
import { createRouter } from '../../lib/create-router.js';
import { eventPageUrl } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getChapterOrThrow } from '../../services/chapters/get-chapter.js';
import { DomainError } from '../../services/errors.js';
import { getEventOrThrow } from '../../services/events/get-event.js';
import { eventToJsonLd } from '../../services/feeds/index.js';
import { featureLine, labelsFor } from '../../services/feeds/labels.js';
import { pickLocalized } from '../../services/feeds/pick-language.js';
import { googleCalendarLink } from './calendar-links.js';
import { eventPage, eventPagePolicy, notFoundPage } from './event-page-html.js';
import { parseEventPageQuery } from './event-page-query.js';

/**
 * `/events/{eventId}`: the page people land on from a calendar entry, a search
 * result or a shared link (iCalendar URL and JSON-LD url point here). HTML for
 * browsers, so not an operation of the JSON API's OpenAPI document (like /docs
 * and the embed); the JSON is at `/v1/events/{eventId}`.
 */
export function eventPageRouter() {
  const router = createRouter();
  router.use('/events/*', etag());
  router.get('/events/:eventId', async (c) => {
    const { lang } = parseEventPageQuery(c.req.url);
    const labels = labelsFor(lang);
    const deps = c.get('deps');
    c.header('Content-Security-Policy', eventPagePolicy);
    // As the JSON item: organisers expect an edit to show within a minute.
    c.header('Cache-Control', cacheControl(CACHING.listing));
    const ctx = serviceCtx(c);
    const eventId = c.req.param('eventId');
    let event: Awaited<ReturnType<typeof getEventOrThrow>>;
    try {
      event = await getEventOrThrow(ctx, eventId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'not_found') throw error;
      // Like every error, not kept: the event may be published a moment later.
      c.header('Cache-Control', cacheControl(CACHING.none));
      return c.html(notFoundPage(labels, deps.instanceName), 404);
    }
    const chapter = await getChapterOrThrow(ctx, event.chapterId).catch(() => null);
    const base = deps.publicUrl.replace(/\/$/, '');
    const pageUrl = eventPageUrl(base, event.id);
    const langQuery = lang ? `?lang=${encodeURIComponent(lang)}` : '';
    const icsUrl = `${base}/v1/events/${encodeURIComponent(event.id)}/event.ics${langQuery}`;
    const title = pickLocalized(event.title, lang)?.value ?? event.id;
    const access = featureLine(event.accessibility.features, labels);
    const googleUrl = googleCalendarLink(event, {
      title,
      details: [
        pickLocalized(event.summary, lang)?.value,
        event.onlineUrl ? `${labels.joinOnline}: ${event.onlineUrl}` : null,
        access ? `${labels.accessibility}: ${access}.` : null,
        pageUrl,
      ]
        .filter(Boolean)
        .join('\n\n'),
      location: event.venue
        ? [event.venue.name, event.venue.address, event.venue.locality].filter(Boolean).join(', ')
        : (event.onlineUrl ?? null),
    });
    return c.html(
      eventPage({
        event,
        chapter,
        labels,
        lang: lang ?? null,
        instanceName: deps.instanceName,
        pageUrl,
        icsUrl,
        apiUrl: `${base}/v1/events/${encodeURIComponent(event.id)}`,
        googleUrl,
        jsonLd: eventToJsonLd(event, { eventUrl: pageUrl, chapter, lang: lang ?? null }),
      }),
    );
  });
  return router;
}
