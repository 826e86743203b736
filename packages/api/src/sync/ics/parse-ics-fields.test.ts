import { describe, expect, it } from 'vitest';
import { calendar, fixture, options, timing } from '../../../test/helpers/ics-calendars.js';
import { parseIcs } from './index.js';

describe('parseIcs: floating, all-day and UTC times (Apple-style feed)', () => {
  const result = parseIcs(
    fixture('apple-misc.ics'),
    options({ defaultTimeZone: 'Europe/Stockholm' }),
  );
  const item = (uidStart: string) => result.items.find((i) => i.upstreamUid.startsWith(uidStart))!;

  it('reads a floating time in the default zone', () => {
    const fika = item('7D1E4C2A');
    expect(fika).toMatchObject({
      timeZone: 'Europe/Stockholm',
      allDay: false,
      location: 'Kulturhuset Sergels torg, Stockholm',
      url: 'https://example.se/fika',
      sequence: 1,
    });
    expect(timing(fika)).toMatchObject({
      startsAt: '2026-07-10T16:30:00.000Z',
      endsAt: '2026-07-10T18:00:00.000Z',
    });
    // The same file read for a London chapter: the floating 18:30 is 18:30 BST.
    const london = parseIcs(fixture('apple-misc.ics'), options());
    expect(london.items[0]!.startsAt.toISOString()).toBe('2026-07-10T17:30:00.000Z');
  });

  it('reads all-day events, with DTEND (two days) and without (one day)', () => {
    expect(item('2A7C9E10')).toMatchObject({
      allDay: true,
      categories: ['unconference', 'global'],
    });
    expect(timing(item('2A7C9E10'))).toMatchObject({
      startsAt: '2026-11-04T23:00:00.000Z', // CET
      endsAt: '2026-11-06T23:00:00.000Z',
    });
    expect(timing(item('9F8E7D6C'))).toMatchObject({
      startsAt: '2026-06-05T22:00:00.000Z', // CEST
      endsAt: '2026-06-06T22:00:00.000Z',
    });
  });

  it('drops a URL that is not http(s)', () => {
    expect(item('2A7C9E10').url).toBeNull();
  });

  it('reads a UTC time as is, shown in the default zone, with DURATION', () => {
    const utc = item('0B1C2D3E');
    expect(utc.timeZone).toBe('Europe/Stockholm');
    expect(timing(utc)).toMatchObject({
      startsAt: '2026-08-01T12:00:00.000Z',
      endsAt: '2026-08-01T13:30:00.000Z',
    });
  });
});

describe('parseIcs: bilingual event', () => {
  const result = parseIcs(fixture('bilingual.ics'), options({ defaultLanguage: 'cy' }));
  const [event] = result.items;

  it('keeps one entry per LANGUAGE for SUMMARY and DESCRIPTION, as plain text', () => {
    expect(result.calendarName).toBe('Un Tîm Llywodraeth Cymru / One Team Gov Wales');
    expect(event!.title).toEqual({
      cy: 'Anghynhadledd Un Tîm Llywodraeth Cymru',
      en: 'One Team Gov Wales unconference',
    });
    expect(event!.description).toEqual({
      cy: 'Ymunwch â ni yng Nghaerdydd.\n\nCroeso i bawb!',
      en: 'Join us in Cardiff.\n\n * Free\n * Step-free access',
    });
    const text = JSON.stringify(event!.description);
    expect(text).not.toMatch(/<|>|script|alert|onerror/);
  });

  it('reads the other fields', () => {
    expect(event).toMatchObject({
      upstreamUid: 'otg-wales-unconference-2026',
      location: 'Tramshed Tech, Pendyris Street, Caerdydd / Cardiff CF11 6BH',
      url: 'https://www.example.wales/unconference',
      categories: ['unconference', 'Wales', 'cymraeg'],
      sequence: 3,
      timeZone: 'Europe/London',
    });
    expect(timing(event!)).toMatchObject({
      startsAt: '2026-09-18T08:30:00.000Z',
      endsAt: '2026-09-18T15:30:00.000Z',
    });
  });

  it('uses defaultLanguage for text without a LANGUAGE parameter', () => {
    const r = parseIcs(
      calendar('UID:x\nSUMMARY:Helo\nDESCRIPTION:Disgrifiad\nDTSTART:20260601T100000Z'),
      options({ defaultLanguage: 'cy' }),
    );
    expect(r.items[0]).toMatchObject({ title: { cy: 'Helo' }, description: { cy: 'Disgrifiad' } });
  });
});

describe('parseIcs: privacy', () => {
  const people = [
    'anna.lindqvist@example.se',
    'Anna Lindqvist',
    'oliver.brown@example.gov.uk',
    'Oliver Brown',
    'ingrid.haugen@example.no',
    'Ingrid Haugen',
    'rhian.organiser@example.wales',
    'Rhian Organiser',
    'gareth.attendee@example.wales',
    'Gareth Attendee',
    'sian.person@example.org',
    'Siân Person',
  ];

  it('never copies ATTENDEE or ORGANIZER names or addresses into the result', () => {
    for (const name of ['outlook.ics', 'bilingual.ics']) {
      const text = fixture(name);
      // The fixtures really carry people (folded, so not searched for verbatim) …
      expect(text).toMatch(/^ORGANIZER;CN=/m);
      expect(text).toMatch(/^ATTENDEE;/m);
      const json = JSON.stringify(parseIcs(text, options()));
      // … and the output has none of them.
      for (const person of people) expect(json).not.toContain(person);
      // No address at all: these fixtures' UIDs and texts contain no "@".
      expect(json).not.toContain('@');
    }
  });

  it('keeps personal data out of rejection reasons for a malformed ATTENDEE line', () => {
    const r = parseIcs(
      calendar(
        'UID:p1\nSUMMARY:x\nDTSTART:20260601T100000Z\nATTENDEE;CN="Unclosed Quote:mailto:someone.private@example.org',
      ),
      options(),
    );
    expect(r.items).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    expect(JSON.stringify(r)).not.toMatch(/someone|private|Unclosed/);
  });
});

describe('parseIcs: one bad VEVENT is rejected alone', () => {
  const started = performance.now();
  const result = parseIcs(fixture('invalid-mix.ics'), options());
  const elapsed = performance.now() - started;
  const reasonFor = (uid: string | null) => result.rejected.find((r) => r.uid === uid)?.reason;

  it('imports the valid events around the broken ones', () => {
    expect(result.items.map((i) => i.upstreamUid).sort()).toEqual([
      'good-1',
      'good-2',
      'never-matches',
    ]);
  });

  it('records each broken VEVENT with its reason', () => {
    expect(result.rejected).toHaveLength(8);
    expect(reasonFor(null)).toMatch(/line 11 has no UID/);
    expect(reasonFor('bad-dtstart')).toBe('DTSTART is not a valid date or date-time');
    expect(reasonFor('no-dtstart')).toBe('DTSTART is missing');
    expect(reasonFor('bad-dtend')).toBe('DTEND is before DTSTART');
    expect(reasonFor('bad-rrule')).toBe(
      'the recurrence cannot be expanded: Invalid RRULE: FREQ=FORTNIGHTLY is not a frequency',
    );
    expect(reasonFor('garbage-line')).toMatch(/^unreadable VEVENT at line \d+: invalid line/);
    expect(reasonFor('unclosed-alarm')).toMatch(/BEGIN:VALARM without a matching END/);
    expect(reasonFor('no-summary')).toMatch(/SUMMARY/);
  });

  it('keeps only DTSTART of a rule that matches no date, without hanging', () => {
    // ical.js alone loops forever on FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30. RFC 5545:
    // DTSTART is always an occurrence, and this rule adds none.
    const series = result.items.filter((i) => i.upstreamUid === 'never-matches');
    expect(series.map((i) => i.startsAt.toISOString())).toEqual(['2026-05-10T17:00:00.000Z']);
    expect(reasonFor('never-matches')).toBeUndefined();
    expect(elapsed).toBeLessThan(20_000);
  });

  it('rejects oversized fields', () => {
    const r = parseIcs(
      calendar(
        `UID:${'u'.repeat(501)}\nSUMMARY:Long UID\nDTSTART:20260601T100000Z`,
        `UID:long-title\nSUMMARY:${'t'.repeat(301)}\nDTSTART:20260601T100000Z`,
        `UID:long-description\nSUMMARY:ok\nDESCRIPTION:${'d'.repeat(25_000)}\nLOCATION:${'l'.repeat(600)}\nCATEGORIES:${'c'.repeat(60)},${Array.from({ length: 30 }, (_, i) => `tag${i}`).join(',')}\nDTSTART:20260601T100000Z`,
        'UID:forever\nSUMMARY:Too long\nDTSTART:20260601T100000Z\nDURATION:P400D',
      ),
      options(),
    );
    expect(r.rejected).toEqual([
      { uid: 'u'.repeat(500), reason: 'UID is longer than 500 characters' },
      { uid: 'long-title', reason: 'SUMMARY is longer than 300 characters' },
      { uid: 'forever', reason: 'the event lasts more than 366 days' },
    ]);
    // Long description, location and category lists are cut, not rejected.
    const [item] = r.items;
    expect(item!.description!.en).toHaveLength(20_000);
    expect(item!.location).toHaveLength(500);
    expect(item!.categories).toHaveLength(20);
    expect(item!.categories[0]).toHaveLength(50);
  });
});
