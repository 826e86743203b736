/** RFC 8288 `Link: <…>; rel="next"` for the page after this one. */
export function nextLink(requestUrl: string, nextCursor: string | null): string | undefined {
  if (!nextCursor) return undefined;
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', nextCursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/**
 * The page people follow for an event: the hub's server-rendered `/events/{id}`.
 * iCalendar `URL`, JSON-LD `url`, ActivityPub objects and MCP answers all point here,
 * so one function names it.
 */
export function eventPageUrl(origin: string, eventId: string): string {
  return `${origin.replace(/\/$/, '')}/events/${encodeURIComponent(eventId)}`;
}
