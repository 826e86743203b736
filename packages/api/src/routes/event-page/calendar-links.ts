import type { Event } from '@oneteamgov/schema';
import { DateTime } from 'luxon';

/**
 * Google Calendar's "add event" template link (calendar.google.com/calendar/render,
 * action=TEMPLATE), prefilled with the event's title, times, place and page.
 * Outlook and Apple Calendar take the event's .ics instead.
 */
export function googleCalendarLink(
  event: Event,
  text: { title: string; details: string; location: string | null },
): string {
  const url = new URL('https://calendar.google.com/calendar/render');
  url.searchParams.set('action', 'TEMPLATE');
  url.searchParams.set('text', text.title);
  url.searchParams.set('dates', googleDates(event));
  url.searchParams.set('ctz', event.timeZone);
  url.searchParams.set('details', text.details);
  if (text.location) url.searchParams.set('location', text.location);
  return url.href;
}

/** `20260721T170000Z/20260721T190000Z`, or for all-day events local dates with an exclusive end. */
function googleDates(event: Event): string {
  if (event.allDay) {
    const start = DateTime.fromISO(event.startsAt, { zone: event.timeZone }).startOf('day');
    const endLocal = DateTime.fromISO(event.endsAt, { zone: event.timeZone });
    let end = endLocal.equals(endLocal.startOf('day'))
      ? endLocal
      : endLocal.startOf('day').plus({ days: 1 });
    if (end <= start) end = start.plus({ days: 1 });
    return `${start.toFormat('yyyyLLdd')}/${end.toFormat('yyyyLLdd')}`;
  }
  const utc = (iso: string) =>
    DateTime.fromISO(iso, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
  return `${utc(event.startsAt)}/${utc(event.endsAt)}`;
}
