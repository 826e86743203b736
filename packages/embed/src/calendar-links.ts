interface Linkable {
  id: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
}

/** `20261218T090000Z`, or `20261218` for all-day events (Google's `dates` format). */
const stamp = (iso: string, allDay: boolean, timeZone: string) => {
  if (!allDay) return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  // All-day dates are the event's local calendar dates, not UTC ones.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(iso));
  return parts.replace(/-/g, '');
};

/** A Google Calendar "add event" link, pre-filled and in the event's time zone. */
export function googleCalendarUrl(
  event: Linkable,
  title: string,
  details: string,
  location: string,
): string {
  const dates = [event.startsAt, event.endsAt].map((t) => stamp(t, event.allDay, event.timeZone));
  const query = new URLSearchParams({
    action: 'TEMPLATE',
    text: title,
    dates: dates.join('/'),
    ctz: event.timeZone,
  });
  if (details) query.set('details', details);
  if (location) query.set('location', location);
  return `https://calendar.google.com/calendar/render?${query}`;
}

/** The event's own iCalendar file on the hub. */
export const eventIcsUrl = (base: string, event: Linkable) =>
  `${base}/v1/events/${encodeURIComponent(event.id)}/event.ics`;

/** The live iCalendar feed of the given chapters, for calendar apps to subscribe to. */
export function feedUrl(base: string, chapters: string[]): string {
  if (chapters.length === 1) {
    return `${base}/v1/chapters/${encodeURIComponent(chapters[0]!)}/events.ics`;
  }
  const query = new URLSearchParams(chapters.map((c) => ['chapter', c]));
  return `${base}/v1/events.ics${chapters.length ? `?${query}` : ''}`;
}

/**
 * Only http(s) links are rendered. The hub validates URLs on the way in, but the
 * element may be pointed at any hub, and a `javascript:` link must never reach a reader.
 */
export const isWebUrl = (href: string): boolean => /^https?:\/\//i.test(href);
