import type { Event } from '@oneteamgov/schema';
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_EVENTS,
  bilingual,
  cancelled,
  eventUrl,
  FEED_URL,
  hybridKolkata,
  londonOvernight,
  londonSummer,
  londonWinter,
  movedOnline,
  online,
  postponed,
  sydneyAllDay,
  toronto,
} from '../../../test/helpers/feed-fixtures.js';
import { type CalendarOptions, eventsToIcs } from './index.js';

const NAME = 'One Team Gov Wales — events; near, and far';

function options(overrides: Partial<CalendarOptions> = {}): CalendarOptions {
  return {
    name: NAME,
    description: 'Every event, from every chapter',
    url: FEED_URL,
    refreshIntervalMinutes: 60,
    eventUrl,
    ...overrides,
  };
}

/**
 * Parses with ical.js, an independent implementation. Only the feed's own
 * VTIMEZONEs are registered (the service starts empty but for UTC), so a TZID
 * resolves only if the feed defines it.
 */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vtimezones = calendar.getAllSubcomponents('vtimezone');
  for (const vtimezone of vtimezones) ICAL.TimezoneService.register(vtimezone);
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  const byUid = new Map(events.map((e) => [e.uid, e]));
  const get = (event: Event) => {
    const found = byUid.get(`${event.id}@hub.example.org`);
    if (!found) throw new Error(`no VEVENT for ${event.id}`);
    return found;
  };
  return { calendar, vtimezones, events, get };
}

/** RFC 5545 TEXT unescaping, for RFC 7986 / X- properties that ical.js leaves raw. */
const unescapeText = (value: unknown) =>
  String(value).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const prop = (event: ICAL.Event, name: string) => event.component.getFirstProperty(name);

beforeEach(() => {
  ICAL.TimezoneService.reset();
});

describe('eventsToIcs', () => {
  it('round-trips every event: UID, SEQUENCE, STATUS, URL and instants', () => {
    const { events, get } = parse(eventsToIcs(ALL_EVENTS, options()));
    expect(events).toHaveLength(ALL_EVENTS.length);
    expect(new Set(events.map((e) => e.uid))).toEqual(
      new Set(ALL_EVENTS.map((e) => `${e.id}@hub.example.org`)),
    );
    for (const input of ALL_EVENTS) {
      const parsed = get(input);
      expect(parsed.sequence).toBe(input.sequence);
      expect(parsed.component.getFirstPropertyValue('url')).toBe(eventUrl(input));
      if (input.allDay) continue;
      expect(parsed.startDate.toJSDate().toISOString()).toBe(input.startsAt);
      expect(parsed.endDate.toJSDate().toISOString()).toBe(input.endsAt);
    }
  });

  it('writes local wall-clock times with TZID in the event zone, resolved by the feed VTIMEZONE', () => {
    const ics = eventsToIcs(ALL_EVENTS, options());
    const { get } = parse(ics);
    // Same zone, both offsets: 18:00 BST and 18:00 GMT.
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260721T180000\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260120T180000\r\n');
    // Spanning the spring-forward night: 23:00 GMT to 03:00 BST.
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260328T230000\r\n');
    expect(ics).toContain('DTEND;TZID=Europe/London:20260329T030000\r\n');
    expect(ics).toContain('DTSTART;TZID=America/Toronto:20261105T180000\r\n');
    for (const [event, tzid] of [
      [londonSummer, 'Europe/London'],
      [londonWinter, 'Europe/London'],
      [londonOvernight, 'Europe/London'],
      [toronto, 'America/Toronto'],
      [postponed, 'America/Toronto'],
      [hybridKolkata, 'Asia/Kolkata'],
    ] as const) {
      const parsed = get(event);
      expect(parsed.startDate.zone?.tzid).toBe(tzid);
    }
    const overnight = get(londonOvernight);
    expect(overnight.startDate.utcOffset()).toBe(0);
    expect(overnight.endDate.utcOffset()).toBe(3600);
  });

  it('emits one VTIMEZONE per distinct zone, canonical TZIDs, and UTC events in UTC', () => {
    const ics = eventsToIcs(ALL_EVENTS, options());
    const { vtimezones, get } = parse(ics);
    const tzids = vtimezones.map((v) => v.getFirstPropertyValue('tzid'));
    expect(tzids.sort()).toEqual(
      ['America/Toronto', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/London'].sort(),
    );
    // Asia/Calcutta is written under its canonical name so TZID and VTIMEZONE agree.
    expect(ics).not.toContain('Asia/Calcutta');
    // The UTC event uses UTC times and needs no VTIMEZONE.
    expect(ics).toContain('DTSTART:20260402T120000Z\r\n');
    expect(get(online).startDate.zone?.tzid).toBe('UTC');
  });

  it('writes all-day events as VALUE=DATE in the event zone, with an exclusive end', () => {
    const ics = eventsToIcs([sydneyAllDay], options());
    // 2026-03-13T13:00Z is already 14 March in Sydney (UTC+11).
    expect(ics).toContain('DTSTART;VALUE=DATE:20260314\r\n');
    expect(ics).toContain('DTEND;VALUE=DATE:20260316\r\n');
    const parsed = parse(ics).get(sydneyAllDay);
    expect(parsed.startDate.isDate).toBe(true);
    expect(parsed.startDate.toString()).toBe('2026-03-14');
    expect(parsed.endDate.toString()).toBe('2026-03-16');
    expect(parse(ics).vtimezones.map((v) => v.getFirstPropertyValue('tzid'))).toEqual([
      'Australia/Sydney',
    ]);
  });

  it('maps status: confirmed, tentative when postponed, cancelled events kept', () => {
    const { get } = parse(eventsToIcs(ALL_EVENTS, options()));
    const status = (e: Event) => get(e).component.getFirstPropertyValue('status');
    expect(status(londonSummer)).toBe('CONFIRMED');
    expect(status(movedOnline)).toBe('CONFIRMED');
    expect(status(postponed)).toBe('TENTATIVE');
    expect(status(cancelled)).toBe('CANCELLED');
    expect(get(cancelled).sequence).toBe(3);
  });

  it('sets calendar properties: NAME, X-WR-CALNAME, REFRESH-INTERVAL, URL, SOURCE', () => {
    const ics = eventsToIcs(ALL_EVENTS, options({ refreshIntervalMinutes: 90 }));
    const { calendar } = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//One Team Gov Hub//Events//EN');
    // Commas and semicolons are escaped, so the name survives a parse intact
    // (ical.js has no type for NAME or X-WR-CALNAME and hands back the raw TEXT).
    expect(ics).toContain('NAME:One Team Gov Wales — events\\; near\\, and far\r\n');
    expect(unescapeText(calendar.getFirstPropertyValue('name'))).toBe(NAME);
    expect(unescapeText(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(NAME);
    expect(calendar.getFirstPropertyValue('description')).toBe('Every event, from every chapter');
    expect(unescapeText(calendar.getFirstPropertyValue('x-wr-caldesc'))).toBe(
      'Every event, from every chapter',
    );
    expect(ics).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\n');
    expect(ics).toContain('X-PUBLISHED-TTL:PT1H30M\r\n');
    expect(calendar.getFirstPropertyValue('url')).toBe(FEED_URL);
    expect(calendar.getFirstPropertyValue('source')).toBe(FEED_URL);
    // RFC 5545: calendar properties come before any component.
    const head = ics.slice(0, ics.indexOf('BEGIN:VTIMEZONE'));
    expect(head).toContain('REFRESH-INTERVAL');
    expect(head).toContain('X-PUBLISHED-TTL');
    expect(ics.slice(ics.indexOf('BEGIN:VTIMEZONE'))).not.toMatch(/^(NAME|REFRESH-INTERVAL)/m);
  });

  it('accepts a custom PRODID with or without its leading dash', () => {
    for (const prodId of ['-//Example//Feed//CY', '//Example//Feed//CY']) {
      const ics = eventsToIcs([], options({ prodId }));
      expect(ics).toContain('PRODID:-//Example//Feed//CY\r\n');
    }
  });

  it('picks the language for SUMMARY and DESCRIPTION, with a LANGUAGE parameter', () => {
    const summary = (lang: string | null) => {
      const parsed = parse(eventsToIcs([bilingual, toronto], options({ lang }))).get;
      return {
        cy: prop(parsed(bilingual), 'summary'),
        desc: prop(parsed(bilingual), 'description'),
        ca: prop(parsed(toronto), 'summary'),
      };
    };
    const cy = summary('cy');
    expect(cy.cy?.getFirstValue()).toBe(bilingual.title.cy);
    expect(cy.cy?.getParameter('language')).toBe('cy');
    expect(cy.desc?.getParameter('language')).toBe('cy');
    expect(cy.desc?.getFirstValue()).toContain(bilingual.description?.cy);
    // No French: falls back to English.
    const fr = summary('fr');
    expect(fr.cy?.getFirstValue()).toBe(bilingual.title.en);
    expect(fr.cy?.getParameter('language')).toBe('en');
    // fr-CA falls back to its base language, fr.
    const frCa = summary('fr-CA');
    expect(frCa.ca?.getFirstValue()).toBe(toronto.title.fr);
    expect(frCa.ca?.getParameter('language')).toBe('fr');
    // No language asked for: English.
    expect(summary(null).cy?.getParameter('language')).toBe('en');
  });

  it('puts the event link in DESCRIPTION too (Google and Outlook hide URL)', () => {
    const { get } = parse(eventsToIcs([londonSummer, londonWinter], options()));
    expect(get(londonSummer).description).toBe(
      `Summer meetup; bring a friend, and ideas.\n\nRegister: ${londonSummer.registrationUrl}\n\n${eventUrl(londonSummer)}`,
    );
    expect(get(londonWinter).description).toBe(eventUrl(londonWinter));
  });

  it('writes LOCATION, GEO and CATEGORIES; "Online" for online and moved-online events', () => {
    const { get } = parse(eventsToIcs(ALL_EVENTS, options()));
    expect(get(londonSummer).location).toBe('The Hub, 1 Horse Guards Road, London');
    expect(get(londonSummer).component.getFirstPropertyValue('geo')).toEqual([51.5028, -0.1289]);
    // Longitude 0 (Greenwich) is a real coordinate.
    expect(get(londonWinter).component.getFirstPropertyValue('geo')).toEqual([51.4779, 0]);
    // Street address withheld (null): name and locality only.
    expect(get(toronto).location).toBe('Civic Hall, Toronto');
    expect(get(online).location).toBe('Online');
    expect(get(movedOnline).location).toBe('Online');
    expect(get(movedOnline).component.getFirstProperty('geo')).toBeNull();
    expect(get(hybridKolkata).location).toBe('Civic Centre, Delhi');
    const categories = get(bilingual)
      .component.getAllProperties('categories')
      .flatMap((p) => p.getValues());
    expect(categories).toEqual(['unconference', 'cymraeg']);
  });

  it('sets DTSTAMP and LAST-MODIFIED from updatedAt and CREATED from createdAt', () => {
    const parsed = parse(eventsToIcs([londonSummer], options())).get(londonSummer);
    const at = (name: string) =>
      (parsed.component.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString();
    expect(at('dtstamp')).toBe(londonSummer.updatedAt);
    expect(at('last-modified')).toBe(londonSummer.updatedAt);
    expect(at('created')).toBe(londonSummer.createdAt);
  });

  it('carries no personal data: no ORGANIZER, ATTENDEE or alarms', () => {
    const ics = eventsToIcs(ALL_EVENTS, options());
    expect(ics).not.toMatch(/^(ORGANIZER|ATTENDEE|BEGIN:VALARM)/m);
  });

  it('uses CRLF line endings and folds every line to at most 75 octets', () => {
    const ics = eventsToIcs(ALL_EVENTS, options({ lang: 'cy' }));
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // The long Welsh description really was folded, and unfolds to the original.
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(parse(ics).get(bilingual).description).toContain(bilingual.description?.cy);
  });

  it('is deterministic and handles an empty list', () => {
    expect(eventsToIcs(ALL_EVENTS, options())).toBe(eventsToIcs(ALL_EVENTS, options()));
    const empty = parse(eventsToIcs([], options()));
    expect(empty.events).toHaveLength(0);
    expect(empty.vtimezones).toHaveLength(0);
    expect(unescapeText(empty.calendar.getFirstPropertyValue('name'))).toBe(NAME);
  });

  it('rejects a refresh interval that is not a positive whole number of minutes', () => {
    expect(() => eventsToIcs([], options({ refreshIntervalMinutes: 0 }))).toThrow(RangeError);
    expect(() => eventsToIcs([], options({ refreshIntervalMinutes: 1.5 }))).toThrow(RangeError);
  });
});
