import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { eventUrl, FEED_URL, makeEvent } from '../../../test/helpers/feed-fixtures.js';
import { type CalendarOptions, eventsToIcs, eventToJsonLd } from './index.js';

/*
 * What the iCalendar feed carries beyond times and text: the joining link,
 * the registration link, accessibility, each event's own zone, and the cap.
 */

const options = (overrides: Partial<CalendarOptions> = {}): CalendarOptions => ({
  name: 'Nordic events',
  url: FEED_URL,
  refreshIntervalMinutes: 60,
  eventUrl,
  ...overrides,
});

const stockholm = makeEvent({
  id: 'sweden-hybrid-frukost',
  chapterId: 'sweden',
  title: { sv: 'Öppen data-frukost', en: 'Open data breakfast' },
  startsAt: '2026-02-05T07:30:00.000Z',
  endsAt: '2026-02-05T08:30:00.000Z',
  timeZone: 'Europe/Stockholm',
  attendanceMode: 'hybrid',
  venue: {
    name: 'Kulturhuset',
    address: 'Sergels torg 1',
    locality: 'Stockholm',
    postalCode: null,
    country: 'SE',
    lat: 59.3326,
    lng: 18.0649,
    addressVisibility: 'public',
  },
  onlineUrl: 'https://teams.microsoft.com/l/meetup-join/example',
  registrationUrl: 'https://tickets.example.com/frukost',
  accessibility: {
    features: ['stepFreeAccess', 'hearingLoop'],
    notes: { en: 'Lift from the Sergels torg entrance.' },
  },
});

const oslo = makeEvent({
  id: 'norway-kveld',
  chapterId: 'norway',
  title: { nb: 'Sommerfest' },
  startsAt: '2026-06-10T16:00:00.000Z',
  endsAt: '2026-06-10T18:00:00.000Z',
  timeZone: 'Europe/Oslo',
});

const cancelledCall = makeEvent({
  id: 'cancelled-call',
  title: { en: 'Cancelled call' },
  startsAt: '2026-03-01T12:00:00.000Z',
  endsAt: '2026-03-01T13:00:00.000Z',
  timeZone: 'UTC',
  status: 'cancelled',
  attendanceMode: 'online',
  onlineUrl: 'https://meet.example.com/gone',
});

function vevent(ics: string, id: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const found = calendar
    .getAllSubcomponents('vevent')
    .find((c) => c.getFirstPropertyValue('uid') === `${id}@hub.example.org`);
  if (!found) throw new Error(`no VEVENT for ${id}`);
  return found;
}

describe('eventsToIcs: joining, registration, accessibility', () => {
  const ics = eventsToIcs([stockholm, oslo, cancelledCall], options({ lang: 'en' }));
  const event = vevent(ics, stockholm.id);

  it('writes RFC 7986 CONFERENCE with the joining link, and the registration link', () => {
    const conference = event.getFirstProperty('conference');
    expect(conference?.getFirstValue()).toBe(stockholm.onlineUrl);
    expect(conference?.type).toBe('uri');
    expect(conference?.getParameter('feature')).toBe('AUDIO,VIDEO');
    expect(event.getFirstPropertyValue('x-otg-registration-url')).toBe(stockholm.registrationUrl);
    // A cancelled meeting has no link to join.
    expect(vevent(ics, cancelledCall.id).getFirstProperty('conference')).toBeNull();
  });

  it('URL is the event page', () => {
    expect(event.getFirstPropertyValue('url')).toBe(eventUrl(stockholm));
  });

  it('says the accessibility features in an X- property and in readable DESCRIPTION lines', () => {
    expect(event.getFirstPropertyValue('x-otg-accessibility')).toBe('stepFreeAccess,hearingLoop');
    expect(event.getFirstPropertyValue('description')).toBe(
      [
        `Join online: ${stockholm.onlineUrl}`,
        `Register: ${stockholm.registrationUrl}`,
        'Accessibility: Step-free access, hearing loop. Lift from the Sergels torg entrance.',
        '',
        eventUrl(stockholm),
      ].join('\n'),
    );
  });

  it('words the DESCRIPTION lines in the language asked for', () => {
    const swedish = vevent(eventsToIcs([stockholm], options({ lang: 'sv' })), stockholm.id);
    expect(swedish.getFirstPropertyValue('description')).toContain(
      'Tillgänglighet: Trappfri entré, hörslinga.',
    );
    expect(swedish.getFirstPropertyValue('description')).toContain(
      `Delta online: ${stockholm.onlineUrl}`,
    );
  });
});

describe('eventsToIcs: every event in its own zone', () => {
  it('labels Stockholm and Oslo events with their own TZID, not Europe/Berlin', () => {
    const ics = eventsToIcs([stockholm, oslo], options());
    expect(ics).not.toContain('Europe/Berlin');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const tzids = calendar
      .getAllSubcomponents('vtimezone')
      .map((z) => z.getFirstPropertyValue('tzid'));
    expect(tzids.sort()).toEqual(['Europe/Oslo', 'Europe/Stockholm']);
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(zone);
    }
    const start = (id: string) => vevent(ics, id).getFirstProperty('dtstart');
    expect(start(stockholm.id)?.getParameter('tzid')).toBe('Europe/Stockholm');
    expect(start(oslo.id)?.getParameter('tzid')).toBe('Europe/Oslo');
    // 08:30 CET and 18:00 CEST, read back through the feed's own VTIMEZONEs.
    const instant = (id: string) =>
      (start(id)!.getFirstValue() as ICAL.Time).toJSDate().toISOString();
    expect(instant(stockholm.id)).toBe(stockholm.startsAt);
    expect(instant(oslo.id)).toBe(oslo.startsAt);
  });
});

describe('eventsToIcs: a feed cut at its cap says so', () => {
  it('writes X-OTG-TRUNCATED, the URL of the rest, and a note in the calendar DESCRIPTION', () => {
    const next = `${FEED_URL}&from=2026-06-10T16%3A00%3A00.000Z`;
    const ics = eventsToIcs(
      [stockholm],
      options({ description: 'Nordic chapters', truncated: { limit: 1, nextUrl: next } }),
    );
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('x-otg-truncated')).toBe('1');
    expect(calendar.getFirstPropertyValue('x-otg-next-url')).toBe(next);
    expect(calendar.getFirstPropertyValue('x-wr-caldesc')).toContain(
      'Only the first 1 events are listed',
    );
    // A whole feed says nothing of the kind.
    expect(eventsToIcs([stockholm], options())).not.toContain('X-OTG-TRUNCATED');
  });
});

describe('eventToJsonLd: accessibility', () => {
  it('lists accessibilityFeature, the notes, and venue features as amenityFeature of the Place', () => {
    const doc = eventToJsonLd(stockholm, { eventUrl: eventUrl(stockholm), lang: 'en' });
    expect(doc.url).toBe(eventUrl(stockholm));
    expect(doc.accessibilityFeature).toEqual(['stepFreeAccess', 'hearingLoop']);
    expect(doc.accessibilitySummary).toBe('Lift from the Sergels torg entrance.');
    const [place] = doc.location as Record<string, unknown>[];
    expect(place!.amenityFeature).toEqual([
      { '@type': 'LocationFeatureSpecification', name: 'step-free access', value: true },
      { '@type': 'LocationFeatureSpecification', name: 'hearing loop', value: true },
    ]);
    expect(eventToJsonLd(oslo, { eventUrl: eventUrl(oslo) })).not.toHaveProperty(
      'accessibilityFeature',
    );
  });
});
