import { describe, expect, it } from 'vitest';
import { eventIcsUrl, feedUrl, googleCalendarUrl, isWebUrl } from '../src/calendar-links.js';

const event = {
  id: 'wales-paned-20261218',
  startsAt: '2026-12-18T09:00:00Z',
  endsAt: '2026-12-18T11:00:00Z',
  timeZone: 'Europe/London',
  allDay: false,
};

describe('calendar links', () => {
  it('pre-fills Google Calendar with UTC times, the zone and the details', () => {
    const url = new URL(googleCalendarUrl(event, 'Paned & sgwrs', 'Coffee', 'Tramshed Tech'));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('dates')).toBe('20261218T090000Z/20261218T110000Z');
    expect(url.searchParams.get('text')).toBe('Paned & sgwrs');
    expect(url.searchParams.get('ctz')).toBe('Europe/London');
    expect(url.searchParams.get('location')).toBe('Tramshed Tech');
  });

  it('gives all-day events their local dates', () => {
    const allDay = {
      ...event,
      startsAt: '2026-12-17T11:00:00Z',
      endsAt: '2026-12-18T11:00:00Z',
      timeZone: 'Pacific/Auckland',
      allDay: true,
    };
    expect(new URL(googleCalendarUrl(allDay, 't', '', '')).searchParams.get('dates')).toBe(
      '20261218/20261219',
    );
  });

  it('points at the hub’s event and chapter calendars', () => {
    expect(eventIcsUrl('https://hub.example', event)).toBe(
      'https://hub.example/v1/events/wales-paned-20261218/event.ics',
    );
    expect(feedUrl('https://hub.example', ['wales'])).toBe(
      'https://hub.example/v1/chapters/wales/events.ics',
    );
    expect(feedUrl('https://hub.example', ['wales', 'north'])).toBe(
      'https://hub.example/v1/events.ics?chapter=wales&chapter=north',
    );
    expect(feedUrl('https://hub.example', [])).toBe('https://hub.example/v1/events.ics');
  });

  it('renders only web links, whatever a hub sends', () => {
    expect(isWebUrl('https://tickets.example.org/otg')).toBe(true);
    expect(isWebUrl('HTTP://meet.example.org')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl(' javascript:alert(1)')).toBe(false);
    expect(isWebUrl('data:text/html,hi')).toBe(false);
  });
});
