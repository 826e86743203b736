import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

/** Parses a feed with an independent parser, its own time zones registered. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)),
  };
}

describe.each(testDatabases())('calendar feeds and JSON-LD on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  const ids: string[] = [];

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db, { name: { en: 'OTG Wales', cy: 'Un Tîm Cymru' } });
    ids.push(
      (
        await createEvent(database.db, chapter, {
          startsAt: new Date('2030-07-16T17:00:00Z'),
          endsAt: new Date('2030-07-16T19:00:00Z'),
          title: { en: 'Summer meetup', cy: 'Cyfarfod haf' },
        })
      ).id,
    );
    ids.push(
      (
        await createEvent(database.db, chapter, {
          startsAt: new Date('2030-12-17T18:00:00Z'),
          endsAt: new Date('2030-12-17T20:00:00Z'),
          status: 'cancelled',
          title: { en: 'Winter meetup' },
        })
      ).id,
    );
  });
  afterAll(() => database?.close());

  it('serves a chapter calendar that an independent parser reads back exactly', async () => {
    const response = await t.fetch(
      `http://hub.test/v1/chapters/${chapter.id}/events.ics?lang=cy&from=2030-01-01T00:00:00Z`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { calendar, events } = parse(await response.text());
    expect(calendar.getFirstPropertyValue('name')).toBe('Un Tîm Cymru — events');
    expect(calendar.getFirstPropertyValue('refresh-interval')).toBeTruthy();
    expect(
      calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    ).toEqual(['Europe/London']);
    expect(events.map((e) => e.uid)).toEqual(ids.map((id) => `${id}@hub.test.example`));
    expect(events[0]?.summary).toBe('Cyfarfod haf');
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2030-07-16T17:00:00.000Z');
    expect(events[1]?.startDate.toJSDate().toISOString()).toBe('2030-12-17T18:00:00.000Z');
    expect(events[1]?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[1]?.summary).toBe('Winter meetup');
  });

  it('serves any event filter and a single event as iCalendar, with ETags', async () => {
    const all = await t.fetch(
      `http://hub.test/v1/events.ics?chapter=${chapter.id}&status=cancelled&from=2030-01-01T00:00:00Z`,
    );
    expect(parse(await all.text()).events.map((e) => e.uid)).toEqual([
      `${ids[1]}@hub.test.example`,
    ]);
    const one = await t.fetch(`http://hub.test/v1/events/${ids[0]}/event.ics`);
    const etag = one.headers.get('etag')!;
    expect(parse(await one.text()).events).toHaveLength(1);
    expect(
      (
        await t.fetch(`http://hub.test/v1/events/${ids[0]}/event.ics`, {
          headers: { 'If-None-Match': etag },
        })
      ).status,
    ).toBe(304);
  });

  it('answers bad calendar input with 400 and unknown chapters or events with 404', async () => {
    expect((await t.fetch('http://hub.test/v1/events.ics?lang=not%20a%20tag')).status).toBe(400);
    expect((await t.fetch('http://hub.test/v1/chapters/atlantis/events.ics')).status).toBe(404);
    expect((await t.fetch('http://hub.test/v1/events/nope/event.ics')).status).toBe(404);
  });

  it('negotiates schema.org JSON-LD on the event URL', async () => {
    const ld = await t.fetch(`http://hub.test/v1/events/${ids[1]}`, {
      headers: { Accept: 'application/ld+json' },
    });
    expect(ld.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(ld.headers.get('vary')).toContain('Accept');
    const doc = (await ld.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Winter meetup',
      eventStatus: 'https://schema.org/EventCancelled',
    });
    const json = await t.fetch(`http://hub.test/v1/events/${ids[1]}`, {
      headers: { Accept: 'application/json, application/ld+json' },
    });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
