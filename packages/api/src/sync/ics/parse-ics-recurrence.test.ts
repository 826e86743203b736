import { describe, expect, it } from 'vitest';
import { calendar, fixture, options, timing } from '../../../test/helpers/ics-calendars.js';
import { IcsDocumentError, parseIcs } from './index.js';

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
