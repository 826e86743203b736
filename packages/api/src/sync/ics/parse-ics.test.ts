import { describe, expect, it } from 'vitest';
import { calendar, fixture, options, timing } from '../../../test/helpers/ics-calendars.js';
import { IcsDocumentError, type IcsParseResult, parseIcs } from './index.js';

const NORTH = 'north-weekly-5kq2m8d1@google.com';

describe('parseIcs: Google-style feed (VTIMEZONE Europe/London, weekly RRULE)', () => {
  const result = parseIcs(fixture('google-weekly.ics'), options());
  const series = result.items.filter((i) => i.upstreamUid === NORTH);

  it('reads the calendar name and rejects nothing', () => {
    expect(result.calendarName).toBe('One Team Gov North');
    expect(result.rejected).toEqual([]);
  });

  it('expands RRULE with EXDATE, RDATE, one moved and one cancelled occurrence, DST-correct', () => {
    expect(series.map(timing)).toEqual([
      // 18:00 Europe/London is 18:00Z in winter (GMT) …
      {
        recurrenceId: '2026-03-03T18:00:00.000Z',
        startsAt: '2026-03-03T18:00:00.000Z',
        endsAt: '2026-03-03T20:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-03-10T18:00:00.000Z',
        startsAt: '2026-03-10T18:00:00.000Z',
        endsAt: '2026-03-10T20:00:00.000Z',
        status: 'scheduled',
      },
      // 17 March is an EXDATE; 24 March is moved to 19:00-21:00 by a RECURRENCE-ID override.
      {
        recurrenceId: '2026-03-24T18:00:00.000Z',
        startsAt: '2026-03-24T19:00:00.000Z',
        endsAt: '2026-03-24T21:00:00.000Z',
        status: 'scheduled',
      },
      // … and 17:00Z in summer (BST, from 29 March 2026).
      {
        recurrenceId: '2026-03-31T17:00:00.000Z',
        startsAt: '2026-03-31T17:00:00.000Z',
        endsAt: '2026-03-31T19:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-04-07T17:00:00.000Z',
        startsAt: '2026-04-07T17:00:00.000Z',
        endsAt: '2026-04-07T19:00:00.000Z',
        status: 'scheduled',
      },
      // RDATE on a Thursday.
      {
        recurrenceId: '2026-04-09T17:00:00.000Z',
        startsAt: '2026-04-09T17:00:00.000Z',
        endsAt: '2026-04-09T19:00:00.000Z',
        status: 'scheduled',
      },
      // Cancelled through an override with STATUS:CANCELLED.
      {
        recurrenceId: '2026-04-14T17:00:00.000Z',
        startsAt: '2026-04-14T17:00:00.000Z',
        endsAt: '2026-04-14T19:00:00.000Z',
        status: 'cancelled',
      },
      {
        recurrenceId: '2026-04-21T17:00:00.000Z',
        startsAt: '2026-04-21T17:00:00.000Z',
        endsAt: '2026-04-21T19:00:00.000Z',
        status: 'scheduled',
      },
      // UNTIL=20260428T170000Z is inclusive.
      {
        recurrenceId: '2026-04-28T17:00:00.000Z',
        startsAt: '2026-04-28T17:00:00.000Z',
        endsAt: '2026-04-28T19:00:00.000Z',
        status: 'scheduled',
      },
    ]);
  });

  it('takes the fields of an override over the master, and the master for what it omits', () => {
    const moved = series.find((i) => i.recurrenceId === '2026-03-24T18:00:00.000Z')!;
    expect(moved.title).toEqual({ en: 'OTG North weekly drop-in (late start)' });
    expect(moved.description).toEqual({
      en: 'Later start this week: the room is booked until 19:00.',
    });
    expect(moved.sequence).toBe(1);
    const cancelled = series.find((i) => i.status === 'cancelled')!;
    expect(cancelled.sequence).toBe(2);
    expect(cancelled.location).toBe(
      "Manchester Central Library, St Peter's Square, Manchester M2 5PD",
    );
    expect(cancelled.categories).toEqual(['meetup']); // the override has none of its own
  });

  it('reads the master: unescaped text, HTML reduced to plain text, zone, categories', () => {
    const first = series[0]!;
    expect(first).toMatchObject({
      upstreamUid: NORTH,
      title: { en: 'OTG North weekly drop-in' },
      location: "Manchester Central Library, St Peter's Square, Manchester M2 5PD",
      url: null,
      timeZone: 'Europe/London',
      allDay: false,
      sequence: 0,
      categories: ['meetup'],
    });
    expect(first.description?.en).toBe(
      'Weekly drop-in for public servants across the North.\nBring a friend! Details: example.org/north [https://example.org/north]',
    );
  });

  it('returns a non-recurring event with a null recurrence id (BST in late October)', () => {
    const lunch = result.items.find((i) => i.upstreamUid === 'north-lunch-2b7x9p@google.com')!;
    expect(timing(lunch)).toEqual({
      recurrenceId: null,
      startsAt: '2026-10-27T12:30:00.000Z', // 25 Oct is the end of BST: GMT again
      endsAt: '2026-10-27T13:30:00.000Z',
      status: 'scheduled',
    });
  });
});

describe('parseIcs: window and caps', () => {
  const text = fixture('google-weekly.ics');
  const ids = (r: IcsParseResult) =>
    r.items.filter((i) => i.upstreamUid === NORTH).map((i) => i.recurrenceId);

  it('returns only occurrences overlapping the window', () => {
    const april = parseIcs(
      text,
      options({
        window: { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-04-15T00:00:00Z') },
      }),
    );
    expect(april.items.map((i) => i.startsAt.toISOString())).toEqual([
      '2026-04-07T17:00:00.000Z',
      '2026-04-09T17:00:00.000Z',
      '2026-04-14T17:00:00.000Z',
    ]);
  });

  it('includes an occurrence still running at the window start', () => {
    const r = parseIcs(
      text,
      options({
        window: { from: new Date('2026-04-07T18:00:00Z'), to: new Date('2026-04-08T00:00:00Z') },
      }),
    );
    expect(ids(r)).toEqual(['2026-04-07T17:00:00.000Z']);
  });

  it('gives every occurrence the same recurrence id whatever the window', () => {
    const wide = parseIcs(text, options());
    const narrow = parseIcs(
      text,
      options({
        window: { from: new Date('2026-03-20T00:00:00Z'), to: new Date('2026-04-10T00:00:00Z') },
      }),
    );
    const narrowIds = ids(narrow);
    expect(narrowIds).toEqual([
      '2026-03-24T18:00:00.000Z',
      '2026-03-31T17:00:00.000Z',
      '2026-04-07T17:00:00.000Z',
      '2026-04-09T17:00:00.000Z',
    ]);
    for (const id of narrowIds) expect(ids(wide)).toContain(id);
    // And parsing again gives identical output (idempotent sync).
    expect(parseIcs(text, options())).toEqual(wide);
  });

  it('stops a series at maxOccurrencesPerEvent', () => {
    const r = parseIcs(text, options({ maxOccurrencesPerEvent: 3 }));
    expect(ids(r)).toEqual([
      '2026-03-03T18:00:00.000Z',
      '2026-03-10T18:00:00.000Z',
      '2026-03-24T18:00:00.000Z',
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('stops an endless rule at the cap without expanding further', () => {
    const endless = calendar(`
UID:every-second
SUMMARY:Every second
DTSTART:20260101T000000Z
RRULE:FREQ=SECONDLY`);
    const started = performance.now();
    const r = parseIcs(endless, options({ maxOccurrencesPerEvent: 5 }));
    expect(r.items.map((i) => i.startsAt.toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:03.000Z',
      '2026-01-01T00:00:04.000Z',
    ]);
    expect(performance.now() - started).toBeLessThan(5_000); // i.e. it did not walk the year
  });

  it('caps the total with maxEvents and says so in one rejection', () => {
    const r = parseIcs(text, options({ maxEvents: 4 }));
    expect(r.items).toHaveLength(4);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toEqual({
      uid: null,
      reason: expect.stringMatching(/^truncated: .*more than 4 events/),
    });
  });
});

describe('parseIcs: Outlook-style feed (BOM, CRLF, folded lines, Windows zone names)', () => {
  const text = fixture('outlook.ics');
  const result = parseIcs(text, options({ defaultTimeZone: 'Europe/Stockholm' }));
  const byTitle = (start: string) =>
    result.items.filter((i) => Object.values(i.title)[0]!.startsWith(start));

  it('is the raw Outlook shape', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(result.calendarName).toBe('OTG Nordics and UK (Outlook)');
    expect(result.rejected).toEqual([]);
  });

  it('unfolds long lines (SUMMARY, DESCRIPTION, UID)', () => {
    const [call] = byTitle('Stockholm');
    expect(call!.title).toEqual({
      'en-GB':
        'Stockholm unconference planning call with the UK chapter and friends from the Nordic public sector',
    });
    expect(call!.description).toEqual({
      'en-GB':
        'Planning call for the Stockholm unconference. We, the Swedish chapter, will walk through the venue, the agenda and the volunteer rota.\n\nJoin from the Teams link in this invitation.',
    });
    expect(call!.upstreamUid).toBe(
      '040000008200E00074C5B7101A82E0080000000070D6A1B8E1C3DC010000000000000000100000005E8F3A1C2B4D6E4F8A9B0C1D2E3F4A5B',
    );
  });

  it('maps "W. Europe Standard Time" to the calendar\'s own zone when it is one of its zones (CEST in June)', () => {
    const [call] = byTitle('Stockholm');
    expect(call).toMatchObject({ timeZone: 'Europe/Stockholm', sequence: 2 });
    // For a calendar elsewhere, CLDR's default for the Windows name.
    const london = parseIcs(text, options({ defaultTimeZone: 'Europe/London' }));
    const [elsewhere] = london.items.filter((i) => i.title['en-GB']?.startsWith('Stockholm'));
    expect(elsewhere?.timeZone).toBe('Europe/Berlin');
    expect(timing(call!)).toMatchObject({
      startsAt: '2026-06-12T08:00:00.000Z',
      endsAt: '2026-06-12T09:30:00.000Z',
    });
  });

  it('maps "GMT Standard Time" to Europe/London and expands across the DST change', () => {
    const breakfasts = byTitle('OTG UK third-Thursday');
    expect(breakfasts.map(timing)).toEqual([
      {
        recurrenceId: '2026-03-19T09:00:00.000Z',
        startsAt: '2026-03-19T09:00:00.000Z',
        endsAt: '2026-03-19T10:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-04-16T08:00:00.000Z',
        startsAt: '2026-04-16T08:00:00.000Z',
        endsAt: '2026-04-16T09:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-05-21T08:00:00.000Z',
        startsAt: '2026-05-21T08:00:00.000Z',
        endsAt: '2026-05-21T09:00:00.000Z',
        status: 'scheduled',
      },
    ]);
    expect(breakfasts[0]!.timeZone).toBe('Europe/London');
    expect(breakfasts[0]!.location).toBe('Hotel café, 1 Example Street, London');
    // No DESCRIPTION: Outlook's HTML X-ALT-DESC is used, reduced to text.
    expect(breakfasts[0]!.description).toEqual({ en: 'Breakfast, and chat' });
  });

  it('maps "Eastern Standard Time" even without its VTIMEZONE', () => {
    const [show] = byTitle('OTG Canada');
    expect(show).toMatchObject({
      timeZone: 'America/New_York',
      title: { 'en-CA': expect.any(String) },
    });
    expect(timing(show!)).toMatchObject({
      startsAt: '2026-07-01T16:00:00.000Z',
      endsAt: '2026-07-01T17:00:00.000Z',
    });
  });

  it('reads an Outlook all-day event (VALUE=DATE) as midnight to midnight in the default zone', () => {
    const [midsummer] = byTitle('Midsommarafton');
    expect(midsummer).toMatchObject({ allDay: true, timeZone: 'Europe/Stockholm' });
    expect(timing(midsummer!)).toMatchObject({
      startsAt: '2026-06-18T22:00:00.000Z',
      endsAt: '2026-06-19T22:00:00.000Z',
    });
  });

  it('gives the same result with LF or bare CR line endings and without the BOM', () => {
    const lf = text.slice(1).replaceAll('\r\n', '\n');
    const cr = text.slice(1).replaceAll('\r\n', '\r');
    const o = options({ defaultTimeZone: 'Europe/Stockholm' });
    expect(parseIcs(lf, o)).toEqual(result);
    expect(parseIcs(cr, o)).toEqual(result);
  });
});

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

describe('parseIcs: RECURRENCE-ID edge cases', () => {
  const weekly = `UID:w
SUMMARY:Weekly
DTSTART;TZID=Europe/London:20260105T180000
DTEND;TZID=Europe/London:20260105T190000
RRULE:FREQ=WEEKLY;COUNT=10`;

  it('matches an override whose RECURRENCE-ID is written in UTC', () => {
    const r = parseIcs(
      calendar(
        weekly,
        'UID:w\nRECURRENCE-ID:20260112T180000Z\nSUMMARY:Moved\nDTSTART:20260113T180000Z\nDTEND:20260113T190000Z',
      ),
      options(),
    );
    const moved = r.items.filter((i) => i.recurrenceId === '2026-01-12T18:00:00.000Z');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ title: { en: 'Moved' } });
    expect(moved[0]!.startsAt.toISOString()).toBe('2026-01-13T18:00:00.000Z');
  });

  it('brings in an occurrence moved from after the window into it', () => {
    const r = parseIcs(
      calendar(
        weekly,
        'UID:w\nRECURRENCE-ID;TZID=Europe/London:20260302T180000\nSUMMARY:Brought forward\nDTSTART;TZID=Europe/London:20260110T100000\nDTEND;TZID=Europe/London:20260110T110000',
      ),
      options({
        window: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-15T00:00:00Z') },
      }),
    );
    expect(r.items.map(timing)).toEqual([
      {
        recurrenceId: '2026-01-05T18:00:00.000Z',
        startsAt: '2026-01-05T18:00:00.000Z',
        endsAt: '2026-01-05T19:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-01-12T18:00:00.000Z',
        startsAt: '2026-01-12T18:00:00.000Z',
        endsAt: '2026-01-12T19:00:00.000Z',
        status: 'scheduled',
      },
      {
        recurrenceId: '2026-03-02T18:00:00.000Z',
        startsAt: '2026-01-10T10:00:00.000Z',
        endsAt: '2026-01-10T11:00:00.000Z',
        status: 'scheduled',
      },
    ]);
  });

  it('keeps an override whose master is not in the feed, under its recurrence id', () => {
    const r = parseIcs(
      calendar(
        'UID:orphan\nRECURRENCE-ID;TZID=Europe/London:20260615T180000\nSUMMARY:Shared occurrence\nDTSTART;TZID=Europe/London:20260615T183000\nDTEND;TZID=Europe/London:20260615T193000',
      ),
      options(),
    );
    expect(r.items.map(timing)).toEqual([
      {
        recurrenceId: '2026-06-15T17:00:00.000Z',
        startsAt: '2026-06-15T17:30:00.000Z',
        endsAt: '2026-06-15T18:30:00.000Z',
        status: 'scheduled',
      },
    ]);
  });

  it('never returns one occurrence twice (RDATE equal to an RRULE date) and keeps one copy of a duplicate UID', () => {
    const r = parseIcs(
      calendar(
        `${weekly}\nRDATE;TZID=Europe/London:20260112T180000`,
        'UID:dup\nSUMMARY:First copy\nDTSTART:20260601T100000Z\nSEQUENCE:1',
        'UID:dup\nSUMMARY:Second copy\nDTSTART:20260601T100000Z\nSEQUENCE:0',
      ),
      options(),
    );
    const w = r.items.filter((i) => i.upstreamUid === 'w').map((i) => i.recurrenceId);
    expect(w).toHaveLength(10);
    expect(new Set(w).size).toBe(10);
    expect(r.items.filter((i) => i.upstreamUid === 'dup').map((i) => i.title)).toEqual([
      { en: 'First copy' },
    ]);
    expect(r.rejected).toEqual([{ uid: 'dup', reason: expect.stringMatching(/^duplicate UID/) }]);
  });
});

describe('parseIcs: zones and recurrence details', () => {
  const starts = (text: string) =>
    parseIcs(text, options()).items.map((i) => [i.recurrenceId, i.startsAt.toISOString()]);

  it('excludes an EXDATE written in UTC from a zoned series', () => {
    const text = calendar(`UID:e
SUMMARY:Toronto weekly
DTSTART;TZID=America/Toronto:20260105T180000
RRULE:FREQ=WEEKLY;COUNT=3
EXDATE:20260112T230000Z`);
    expect(starts(text)).toEqual([
      ['2026-01-05T23:00:00.000Z', '2026-01-05T23:00:00.000Z'],
      ['2026-01-19T23:00:00.000Z', '2026-01-19T23:00:00.000Z'],
    ]);
  });

  it('applies a RANGE=THISANDFUTURE override to the later occurrences too', () => {
    const text = calendar(
      `UID:r
SUMMARY:Weekly
DTSTART;TZID=Europe/London:20260105T180000
DTEND;TZID=Europe/London:20260105T190000
RRULE:FREQ=WEEKLY;COUNT=4`,
      `UID:r
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20260119T180000
SUMMARY:Weekly (an hour earlier)
DTSTART;TZID=Europe/London:20260119T170000
DTEND;TZID=Europe/London:20260119T180000`,
    );
    expect(starts(text)).toEqual([
      ['2026-01-05T18:00:00.000Z', '2026-01-05T18:00:00.000Z'],
      ['2026-01-12T18:00:00.000Z', '2026-01-12T18:00:00.000Z'],
      ['2026-01-19T18:00:00.000Z', '2026-01-19T17:00:00.000Z'],
      ['2026-01-26T18:00:00.000Z', '2026-01-26T17:00:00.000Z'],
    ]);
  });

  it('moves a time in the spring-forward gap later, as RFC 5545 says', () => {
    const text = calendar(`UID:g
SUMMARY:Night owls
DTSTART;TZID=Europe/London:20260328T013000
DTEND;TZID=Europe/London:20260328T023000
RRULE:FREQ=DAILY;COUNT=3`);
    expect(starts(text)).toEqual([
      ['2026-03-28T01:30:00.000Z', '2026-03-28T01:30:00.000Z'], // GMT
      ['2026-03-29T01:30:00.000Z', '2026-03-29T01:30:00.000Z'], // 01:30 does not exist: 02:30 BST
      ['2026-03-30T00:30:00.000Z', '2026-03-30T00:30:00.000Z'], // BST
    ]);
  });

  it('reads a TZID it cannot map with its VTIMEZONE, shown in the default zone', () => {
    const text = `BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:c
SUMMARY:Custom zone
DTSTART;TZID=Customized Time Zone:20260612T100000
END:VEVENT
BEGIN:VEVENT
UID:m
SUMMARY:Unknown zone, no VTIMEZONE
DTSTART;TZID=Mars Standard Time:20260612T100000
END:VEVENT
END:VCALENDAR
`;
    const r = parseIcs(text, options());
    expect(r.items.map((i) => [i.startsAt.toISOString(), i.timeZone])).toEqual([
      ['2026-06-12T08:00:00.000Z', 'Europe/London'], // +02:00 from the VTIMEZONE
      ['2026-06-12T09:00:00.000Z', 'Europe/London'], // read in the default zone (BST)
    ]);
  });

  it('reads a floating override of a zoned series in the series zone', () => {
    const text = calendar(
      'UID:f\nSUMMARY:Oslo\nDTSTART;TZID=Europe/Oslo:20260105T180000\nRRULE:FREQ=WEEKLY;COUNT=2',
      'UID:f\nRECURRENCE-ID:20260112T180000\nSUMMARY:Later\nDTSTART:20260112T190000',
    );
    const r = parseIcs(text, options());
    expect(r.items.map((i) => [i.recurrenceId, i.startsAt.toISOString(), i.timeZone])).toEqual([
      ['2026-01-05T17:00:00.000Z', '2026-01-05T17:00:00.000Z', 'Europe/Oslo'],
      ['2026-01-12T17:00:00.000Z', '2026-01-12T18:00:00.000Z', 'Europe/Oslo'],
    ]);
  });

  it('keeps all-day occurrences at local midnight across DST', () => {
    const text = calendar(
      'UID:a\nSUMMARY:Fridays\nDTSTART;VALUE=DATE:20260327\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE;VALUE=DATE:20260403',
    );
    const r = parseIcs(text, options());
    expect(
      r.items.map((i) => [i.recurrenceId, i.startsAt.toISOString(), i.endsAt.toISOString()]),
    ).toEqual([
      ['2026-03-27T00:00:00.000Z', '2026-03-27T00:00:00.000Z', '2026-03-28T00:00:00.000Z'],
      ['2026-04-09T23:00:00.000Z', '2026-04-09T23:00:00.000Z', '2026-04-10T23:00:00.000Z'],
    ]);
    expect(r.items.every((i) => i.allDay)).toBe(true);
  });

  it('rejects a series that starts too long before the window to reach it', () => {
    const r = parseIcs(
      calendar(
        'UID:m\nSUMMARY:Every minute since 2000\nDTSTART:20000101T000000Z\nRRULE:FREQ=MINUTELY',
      ),
      options(),
    );
    expect(r.items).toEqual([]);
    expect(r.rejected).toEqual([
      { uid: 'm', reason: expect.stringMatching(/needs more than \d+ steps from its start/) },
    ]);
  });
});

describe('parseIcs: documents that are not usable calendars', () => {
  const fail = (text: string) => () => parseIcs(text, options());

  it('refuses an HTML page served as a calendar', () => {
    expect(fail(fixture('html-page.ics'))).toThrow(IcsDocumentError);
    expect(fail(fixture('html-page.ics'))).toThrow(/looks like an HTML/);
  });

  it('refuses a truncated document', () => {
    expect(fail(fixture('truncated.ics'))).toThrow(IcsDocumentError);
    expect(fail(fixture('truncated.ics'))).toThrow(/^truncated/);
    // Cut right after a complete VEVENT: still no END:VCALENDAR.
    const cut = fixture('google-weekly.ics').replace(/END:VCALENDAR\s*$/, '');
    expect(fail(cut)).toThrow(/^truncated/);
  });

  it('refuses an empty body and text that is not iCalendar', () => {
    expect(fail('')).toThrow(IcsDocumentError);
    expect(fail('\uFEFF\r\n')).toThrow(IcsDocumentError);
    expect(fail('{"events": []}')).toThrow(/does not start with BEGIN:VCALENDAR/);
  });

  it('accepts an empty calendar', () => {
    expect(parseIcs('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', options())).toEqual({
      calendarName: null,
      items: [],
      rejected: [],
    });
  });

  it('rejects invalid options as a programming error, not a document error', () => {
    const text = fixture('apple-misc.ics');
    expect(() => parseIcs(text, options({ defaultTimeZone: '+01:00' }))).toThrow(TypeError);
    expect(() => parseIcs(text, options({ maxEvents: 0 }))).toThrow(TypeError);
  });
});
