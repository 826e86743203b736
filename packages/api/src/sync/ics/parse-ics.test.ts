import { describe, expect, it } from 'vitest';
import { calendar, fixture, options, timing } from '../../../test/helpers/ics-calendars.js';
import { type IcsParseResult, parseIcs } from './index.js';

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
