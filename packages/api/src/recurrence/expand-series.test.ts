import { describe, expect, it } from 'vitest';
import {
  expandSeries,
  type Occurrence,
  occurrenceId,
  RecurrenceError,
  type SeriesRule,
  toRecurrenceId,
} from './index.js';

const HOUR_MS = 3_600_000;
const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };

/** The instant of a wall-clock time at a known UTC offset, worked out by hand. */
function at(local: string, offsetHours: number): string {
  return new Date(Date.parse(`${local}:00Z`) - offsetHours * HOUR_MS).toISOString();
}

/** "2026-03-29T10:00" at +1 -> "2026-03-29T10:00:00+01:00" */
function rfc3339(local: string, offsetHours: number): string {
  const sign = offsetHours < 0 ? '-' : '+';
  const abs = Math.abs(offsetHours);
  return `${local}:00${sign}${String(Math.trunc(abs)).padStart(2, '0')}:${String((abs % 1) * 60).padStart(2, '0')}`;
}

function byRecurrenceId(occurrences: Occurrence[], local: string): Occurrence {
  const id = toRecurrenceId(local);
  const found = occurrences.find((o) => o.recurrenceId === id);
  if (!found) throw new Error(`no occurrence ${id} in ${occurrences.map((o) => o.recurrenceId)}`);
  return found;
}

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof RecurrenceError) return error.reason;
    throw error;
  }
  return undefined;
}

const north: SeriesRule = {
  rrule: 'FREQ=MONTHLY;BYDAY=3TU',
  startLocal: '2026-01-20T18:00',
  timeZone: 'Europe/London',
  durationMinutes: 120,
};

describe('One Team Gov North: third Tuesday, 18:00 Europe/London', () => {
  const occurrences = expandSeries(north, YEAR_2026);
  // Third Tuesdays of 2026, counted on a calendar.
  const thirdTuesdays = [
    '2026-01-20',
    '2026-02-17',
    '2026-03-17',
    '2026-04-21',
    '2026-05-19',
    '2026-06-16',
    '2026-07-21',
    '2026-08-18',
    '2026-09-15',
    '2026-10-20',
    '2026-11-17',
    '2026-12-15',
  ];

  it('lands on the third Tuesday of every month', () => {
    expect(occurrences.map((o) => o.localStart.slice(0, 10))).toEqual(thirdTuesdays);
    for (const o of occurrences) {
      const date = new Date(`${o.localStart.slice(0, 10)}T00:00:00Z`);
      expect(date.getUTCDay()).toBe(2);
      expect(date.getUTCDate()).toBeGreaterThanOrEqual(15);
      expect(date.getUTCDate()).toBeLessThanOrEqual(21);
    }
  });

  it('stays at 18:00 local: 18:00 UTC in GMT, 17:00 UTC in BST', () => {
    for (const [i, o] of occurrences.entries()) {
      const date = thirdTuesdays[i];
      // BST runs from 29 March to 25 October 2026.
      const bst = date !== undefined && date > '2026-03-29' && date < '2026-10-25';
      const offset = bst ? 1 : 0;
      expect(o.localStart).toBe(rfc3339(`${date}T18:00`, offset));
      expect(o.startsAt.toISOString()).toBe(at(`${date}T18:00`, offset));
      expect(o.endsAt.getTime() - o.startsAt.getTime()).toBe(2 * HOUR_MS);
      expect(o.recurrenceId).toBe(`${date?.replaceAll('-', '')}T180000`);
    }
    expect(occurrences.filter((o) => o.localStart.endsWith('+01:00'))).toHaveLength(7);
    expect(occurrences.filter((o) => o.localStart.endsWith('+00:00'))).toHaveLength(5);
  });
});

describe('weekly series keep their wall-clock time across DST changes', () => {
  // Expected instants come from each zone's published offsets, not from a
  // time-zone library. 2026 transitions: EU last Sunday of March/October,
  // Canada second Sunday of March/first Sunday of November, Sydney first
  // Sunday of April (DST ends) and October (DST starts).
  const cases: Array<{
    zone: string;
    rrule: string;
    start: string;
    checks: Array<[string, number]>;
  }> = [
    {
      zone: 'Europe/London',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      start: '2026-03-22T10:00',
      checks: [
        ['2026-03-22T10:00', 0],
        ['2026-03-29T10:00', 1], // first Sunday of BST
        ['2026-10-18T10:00', 1],
        ['2026-10-25T10:00', 0], // back to GMT
      ],
    },
    {
      zone: 'Europe/Stockholm',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      start: '2026-03-25T18:00',
      checks: [
        ['2026-03-25T18:00', 1], // CET
        ['2026-04-01T18:00', 2], // CEST
        ['2026-10-21T18:00', 2],
        ['2026-10-28T18:00', 1],
      ],
    },
    {
      zone: 'America/Toronto',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      start: '2026-03-05T18:30',
      checks: [
        ['2026-03-05T18:30', -5], // EST
        ['2026-03-12T18:30', -4], // EDT from 8 March
        ['2026-10-29T18:30', -4],
        ['2026-11-05T18:30', -5], // EST from 1 November
      ],
    },
    {
      zone: 'Australia/Sydney',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      start: '2026-01-05T09:00',
      checks: [
        ['2026-01-05T09:00', 11], // January is summer: AEDT
        ['2026-03-30T09:00', 11],
        ['2026-04-06T09:00', 10], // AEST from 5 April
        ['2026-07-06T09:00', 10], // July is winter: AEST
        ['2026-09-28T09:00', 10],
        ['2026-10-05T09:00', 11], // AEDT from 4 October
      ],
    },
  ];

  for (const { zone, rrule, start, checks } of cases) {
    it(`${zone}: same local time all year, exact UTC instants either side of each change`, () => {
      const occurrences = expandSeries(
        { rrule, startLocal: start, timeZone: zone, durationMinutes: 60 },
        YEAR_2026,
      );
      const localTime = `T${start.slice(11)}:00`;
      expect(occurrences.length).toBeGreaterThan(40);
      for (const o of occurrences) expect(o.localStart.slice(10, 19)).toBe(localTime);
      for (const [local, offset] of checks) {
        const o = byRecurrenceId(occurrences, local);
        expect(o.startsAt.toISOString()).toBe(at(local, offset));
        expect(o.localStart).toBe(rfc3339(local, offset));
      }
    });
  }
});

describe('daily series at a time the clocks skip or repeat', () => {
  const days = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

  it('spring-forward gap: 02:30 on 8 March in Toronto is held at 03:30 EDT', () => {
    const occurrences = expandSeries(
      {
        rrule: 'FREQ=DAILY',
        startLocal: '2026-03-06T02:30',
        timeZone: 'America/Toronto',
        durationMinutes: 30,
      },
      days('2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'),
    );
    expect(
      occurrences.map((o) => [o.recurrenceId, o.startsAt.toISOString(), o.localStart]),
    ).toEqual([
      ['20260307T023000', at('2026-03-07T02:30', -5), '2026-03-07T02:30:00-05:00'],
      // 02:30 does not exist; read with the pre-gap offset (RFC 5545 3.3.5).
      ['20260308T023000', at('2026-03-08T02:30', -5), '2026-03-08T03:30:00-04:00'],
      ['20260309T023000', at('2026-03-09T02:30', -4), '2026-03-09T02:30:00-04:00'],
    ]);
  });

  it('spring-forward gap: 01:30 on 29 March in London is held at 02:30 BST', () => {
    const occurrences = expandSeries(
      {
        rrule: 'FREQ=DAILY',
        startLocal: '2026-03-28T01:30',
        timeZone: 'Europe/London',
        durationMinutes: 30,
      },
      days('2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z'),
    );
    const gapDay = byRecurrenceId(occurrences, '2026-03-29T01:30');
    expect(gapDay.startsAt.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(gapDay.localStart).toBe('2026-03-29T02:30:00+01:00');
    expect(occurrences).toHaveLength(3);
  });

  // The repeated hour: RFC 5545 picks the first of the two instants.
  const overlaps: Array<[string, string, string, number]> = [
    ['America/Toronto', '2026-10-31T01:30', '2026-11-01T01:30', -4],
    ['Europe/London', '2026-10-24T01:30', '2026-10-25T01:30', 1],
    ['Australia/Sydney', '2026-04-04T02:30', '2026-04-05T02:30', 11],
  ];
  for (const [zone, start, ambiguous, firstOffset] of overlaps) {
    it(`fall-back overlap in ${zone}: ${ambiguous.slice(11)} resolves to the first (earlier) instant`, () => {
      const occurrences = expandSeries(
        { rrule: 'FREQ=DAILY;COUNT=3', startLocal: start, timeZone: zone, durationMinutes: 60 },
        YEAR_2026,
      );
      const o = byRecurrenceId(occurrences, ambiguous);
      expect(o.startsAt.toISOString()).toBe(at(ambiguous, firstOffset));
      expect(o.localStart).toBe(rfc3339(ambiguous, firstOffset));
      // Exactly one occurrence that day, not one per pass of the clock.
      expect(
        occurrences.filter((x) => x.localStart.startsWith(ambiguous.slice(0, 10))),
      ).toHaveLength(1);
    });
  }

  it('an hourly series never yields two occurrences at the same instant in the gap', () => {
    const occurrences = expandSeries(
      {
        rrule: 'FREQ=HOURLY',
        startLocal: '2026-03-08T00:00',
        timeZone: 'America/Toronto',
        durationMinutes: 60,
      },
      days('2026-03-08T05:00:00Z', '2026-03-08T10:00:00Z'),
    );
    // 00:00 and 01:00 EST, then 02:00 (skipped) and 03:00 EDT are the same instant.
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
      '2026-03-08T09:00:00.000Z',
    ]);
    // The surviving one is named after the wall-clock time people actually see.
    expect(occurrences[2]?.recurrenceId).toBe('20260308T030000');
    expect(occurrences[2]?.localStart).toBe('2026-03-08T03:00:00-04:00');
  });
});

describe('EXDATE, RDATE and stable ids', () => {
  const all = expandSeries(north, YEAR_2026);

  it('an EXDATE removes exactly that occurrence', () => {
    const withExdate = expandSeries({ ...north, exdates: ['2026-07-21T18:00'] }, YEAR_2026);
    expect(withExdate).toEqual(all.filter((o) => o.recurrenceId !== '20260721T180000'));
    expect(withExdate).toHaveLength(11);
  });

  it('an EXDATE at a time the rule does not produce removes nothing', () => {
    expect(expandSeries({ ...north, exdates: ['2026-07-21T19:00'] }, YEAR_2026)).toEqual(all);
  });

  it('an RDATE adds an extra occurrence in start order, at its own local offset', () => {
    const withRdate = expandSeries({ ...north, rdates: ['2026-08-04T18:30'] }, YEAR_2026);
    expect(withRdate).toHaveLength(13);
    const extra = byRecurrenceId(withRdate, '2026-08-04T18:30');
    expect(extra.startsAt.toISOString()).toBe(at('2026-08-04T18:30', 1));
    expect(extra.localStart).toBe('2026-08-04T18:30:00+01:00');
    expect(withRdate.indexOf(extra)).toBe(7); // after 21 July, before 18 August
    const starts = withRdate.map((o) => o.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('an RDATE repeating a rule occurrence is not doubled, and EXDATE also removes RDATEs', () => {
    expect(expandSeries({ ...north, rdates: ['2026-07-21T18:00'] }, YEAR_2026)).toEqual(all);
    const cancelled = expandSeries(
      { ...north, rdates: ['2026-08-04T18:30'], exdates: ['2026-08-04T18:30'] },
      YEAR_2026,
    );
    expect(cancelled).toEqual(all);
  });

  it('gives the same ids to the same occurrence whichever window is asked for', () => {
    const firstHalf = expandSeries(north, {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-07-01T00:00:00Z'),
    });
    const secondHalf = expandSeries(north, {
      from: new Date('2026-04-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    const shared = firstHalf.filter((o) => o.startsAt >= new Date('2026-04-01T00:00:00Z'));
    expect(shared.map((o) => o.recurrenceId)).toEqual([
      '20260421T180000',
      '20260519T180000',
      '20260616T180000',
    ]);
    expect(secondHalf.slice(0, 3)).toEqual(shared);
    expect(shared.map((o) => occurrenceId('north-monthly', o.recurrenceId))).toEqual(
      secondHalf.slice(0, 3).map((o) => occurrenceId('north-monthly', o.recurrenceId)),
    );
  });

  it('includes an occurrence starting exactly at window.from and excludes one at window.to', () => {
    const july = new Date(at('2026-07-21T18:00', 1));
    const august = new Date(at('2026-08-18T18:00', 1));
    const occurrences = expandSeries(north, { from: july, to: august });
    expect(occurrences.map((o) => o.recurrenceId)).toEqual(['20260721T180000']);
  });

  it('builds URL-safe occurrence ids of at most 100 characters', () => {
    const id = occurrenceId('north-monthly', '20260721T180000');
    expect(id).toBe('north-monthly-20260721t180000');
    expect(id).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(occurrenceId('x'.repeat(84), '20260721T180000')).toHaveLength(100);
    expect(reasonOf(() => occurrenceId('x'.repeat(85), '20260721T180000'))).toBe(
      'invalid-series-id',
    );
    expect(reasonOf(() => occurrenceId('north/monthly', '20260721T180000'))).toBe(
      'invalid-series-id',
    );
    expect(reasonOf(() => occurrenceId('north-monthly', '2026-07-21T18:00'))).toBe(
      'invalid-recurrence-id',
    );
  });
});

describe('all-day series', () => {
  const sundays: SeriesRule = {
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    startLocal: '2026-03-22T00:00',
    timeZone: 'Europe/London',
    durationMinutes: 1440,
    allDay: true,
  };

  it('starts at local midnight and ends at the next local midnight, even on 23- and 25-hour days', () => {
    const occurrences = expandSeries(sundays, YEAR_2026);
    const springForward = byRecurrenceId(occurrences, '2026-03-29T00:00');
    expect(springForward.startsAt.toISOString()).toBe(at('2026-03-29T00:00', 0));
    expect(springForward.endsAt.toISOString()).toBe(at('2026-03-30T00:00', 1));
    expect(springForward.endsAt.getTime() - springForward.startsAt.getTime()).toBe(23 * HOUR_MS);

    const summer = byRecurrenceId(occurrences, '2026-07-05T00:00');
    expect(summer.startsAt.toISOString()).toBe(at('2026-07-05T00:00', 1));
    expect(summer.localStart).toBe('2026-07-05T00:00:00+01:00');

    const fallBack = byRecurrenceId(occurrences, '2026-10-25T00:00');
    expect(fallBack.startsAt.toISOString()).toBe(at('2026-10-25T00:00', 1));
    expect(fallBack.endsAt.toISOString()).toBe(at('2026-10-26T00:00', 0));
    expect(fallBack.endsAt.getTime() - fallBack.startsAt.getTime()).toBe(25 * HOUR_MS);

    for (const o of occurrences) expect(o.localStart.slice(10, 19)).toBe('T00:00:00');
  });

  it('spans whole calendar days for multi-day events', () => {
    const [conference] = expandSeries(
      {
        ...sundays,
        rrule: 'FREQ=YEARLY',
        startLocal: '2026-06-10T00:00',
        durationMinutes: 3 * 1440,
      },
      YEAR_2026,
    );
    expect(conference?.startsAt.toISOString()).toBe(at('2026-06-10T00:00', 1));
    expect(conference?.endsAt.toISOString()).toBe(at('2026-06-13T00:00', 1));
  });

  it('rejects times of day, part-day durations and sub-daily rules', () => {
    expect(
      reasonOf(() => expandSeries({ ...sundays, startLocal: '2026-03-22T09:00' }, YEAR_2026)),
    ).toBe('invalid-start');
    expect(reasonOf(() => expandSeries({ ...sundays, durationMinutes: 90 }, YEAR_2026))).toBe(
      'invalid-duration',
    );
    expect(reasonOf(() => expandSeries({ ...sundays, rrule: 'FREQ=HOURLY' }, YEAR_2026))).toBe(
      'invalid-rrule',
    );
    expect(
      reasonOf(() => expandSeries({ ...sundays, exdates: ['2026-03-29T10:00'] }, YEAR_2026)),
    ).toBe('invalid-exdate');
  });
});

describe('COUNT and UNTIL', () => {
  const tuesdays: SeriesRule = {
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    startLocal: '2026-01-06T18:00',
    timeZone: 'Europe/London',
    durationMinutes: 60,
  };
  const ids = (rule: SeriesRule) =>
    expandSeries(rule, YEAR_2026).map((o) => o.recurrenceId.slice(0, 8));

  it('COUNT limits the series; an EXDATE removes one of the counted occurrences', () => {
    expect(ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' })).toEqual([
      '20260106',
      '20260113',
      '20260120',
    ]);
    expect(
      ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', exdates: ['2026-01-13T18:00'] }),
    ).toEqual(['20260106', '20260120']);
  });

  it('COUNT still counts from the series start when the window starts later', () => {
    const occurrences = expandSeries(
      { ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5' },
      { from: new Date('2026-01-15T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') },
    );
    expect(occurrences.map((o) => o.recurrenceId.slice(0, 8))).toEqual([
      '20260120',
      '20260127',
      '20260203',
    ]);
  });

  it('UNTIL is inclusive, in UTC ("Z"), local or date-only form', () => {
    const untilJuly7 = ['20260630', '20260707'];
    // 18:00 BST is 17:00 UTC: a "Z" UNTIL must be read as an instant, not as 17:00 local.
    expect(
      ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260707T170000Z' }).slice(-2),
    ).toEqual(untilJuly7);
    expect(ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260707T165959Z' }).at(-1)).toBe(
      '20260630',
    );
    expect(
      ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260707T180000' }).slice(-2),
    ).toEqual(untilJuly7);
    expect(ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260707' }).slice(-2)).toEqual(
      untilJuly7,
    );
    expect(ids({ ...tuesdays, rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260707T170000Z' })).toHaveLength(
      27,
    );
  });

  it('refuses COUNT together with UNTIL', () => {
    expect(
      reasonOf(() =>
        expandSeries(
          { ...tuesdays, rrule: 'FREQ=WEEKLY;COUNT=3;UNTIL=20260707T170000Z' },
          YEAR_2026,
        ),
      ),
    ).toBe('invalid-rrule');
  });
});

describe('limits and validation', () => {
  const secondly: SeriesRule = {
    rrule: 'FREQ=SECONDLY',
    startLocal: '2026-01-01T00:00',
    timeZone: 'Europe/London',
    durationMinutes: 0,
  };

  it('caps FREQ=SECONDLY at maxOccurrences (default 1000)', () => {
    const capped = expandSeries(secondly, YEAR_2026, 50);
    expect(capped).toHaveLength(50);
    expect(capped.at(-1)?.recurrenceId).toBe('20260101T000049');
    expect(expandSeries(secondly, YEAR_2026)).toHaveLength(1000);
    expect(expandSeries(secondly, YEAR_2026, 0)).toEqual([]);
  });

  it('refuses to walk a dense rule that started long before the window', () => {
    expect(
      reasonOf(() => expandSeries({ ...secondly, startLocal: '2025-12-01T00:00' }, YEAR_2026)),
    ).toBe('expansion-limit');
  });

  it('refuses rules that would never produce an occurrence instead of hanging', () => {
    const reason = (rrule: string) =>
      reasonOf(() =>
        expandSeries({ ...secondly, rrule, startLocal: '2026-01-05T00:00' }, YEAR_2026),
      );
    // rrule 2.8.1 loops forever on this one (even hours only, BYHOUR odd).
    expect(reason('FREQ=HOURLY;INTERVAL=2;BYHOUR=1')).toBe('unsupported-rrule');
    expect(reason('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30')).toBe('rrule-matches-nothing');
    expect(reason('FREQ=DAILY;INTERVAL=7;BYDAY=TU')).toBe('rrule-matches-nothing'); // starts on a Monday
    expect(reason('FREQ=DAILY;BYHOUR=9;BYSETPOS=2')).toBe('rrule-matches-nothing');
    expect(reason('FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1,2;BYSETPOS=2')).toBe('rrule-matches-nothing');
    // Sparse but real: 29 February falls on a Monday in 2044.
    expect(reason('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO')).toBeUndefined();
  });

  it.each([
    '',
    'not a rule',
    'BYDAY=TU',
    'FREQ=FORTNIGHTLY',
    'FREQ=WEEKLY;BYDAY=XX',
    'FREQ=WEEKLY;BYDAY=2TU',
    'FREQ=MONTHLY;BYMONTH=13',
    'FREQ=MONTHLY;BYMONTHDAY=0',
    'FREQ=DAILY;INTERVAL=0',
    'FREQ=DAILY;COUNT=-1',
    'FREQ=DAILY;FREQ=WEEKLY',
    'FREQ=DAILY;TZID=Europe/Paris',
    'FREQ=DAILY;UNTIL=2026-07-07',
    'FREQ=DAILY;BYSETPOS=1',
    'FREQ=WEEKLY;BYMONTHDAY=1',
  ])('rejects the RRULE %j', (rrule) => {
    expect(reasonOf(() => expandSeries({ ...north, rrule }, YEAR_2026))).toBe('invalid-rrule');
  });

  it('accepts an "RRULE:" prefix and lower case, as RFC 5545 allows', () => {
    expect(expandSeries({ ...north, rrule: 'RRULE:freq=monthly;byday=3tu' }, YEAR_2026)).toEqual(
      expandSeries(north, YEAR_2026),
    );
  });

  it.each(['Mars/Olympus', 'Europe/Londn', '+01:00', ''])(
    'rejects the time zone %j',
    (timeZone) => {
      expect(reasonOf(() => expandSeries({ ...north, timeZone }, YEAR_2026))).toBe(
        'invalid-time-zone',
      );
    },
  );

  it.each([
    '2026-02-30T18:00',
    '2026-01-20',
    '2026-01-20T18:00Z',
    '2026-01-20T18:00+01:00',
    '2026-01-20T24:00',
    '2026-01-20T18:00:00.000',
    '0026-01-20T18:00',
  ])('rejects the start %j', (startLocal) => {
    expect(reasonOf(() => expandSeries({ ...north, startLocal }, YEAR_2026))).toBe('invalid-start');
  });

  it('rejects malformed EXDATEs and RDATEs, negative durations and backwards windows', () => {
    expect(
      reasonOf(() => expandSeries({ ...north, exdates: ['21/07/2026 18:00'] }, YEAR_2026)),
    ).toBe('invalid-exdate');
    expect(
      reasonOf(() => expandSeries({ ...north, rdates: ['2026-13-01T18:00'] }, YEAR_2026)),
    ).toBe('invalid-rdate');
    expect(reasonOf(() => expandSeries({ ...north, durationMinutes: -1 }, YEAR_2026))).toBe(
      'invalid-duration',
    );
    expect(reasonOf(() => expandSeries({ ...north, durationMinutes: Number.NaN }, YEAR_2026))).toBe(
      'invalid-duration',
    );
    expect(reasonOf(() => expandSeries(north, { from: YEAR_2026.to, to: YEAR_2026.from }))).toBe(
      'invalid-window',
    );
    expect(reasonOf(() => expandSeries(north, YEAR_2026, -1))).toBe('invalid-max-occurrences');
  });

  it('throws RecurrenceError, an Error with a reason and a readable message', () => {
    try {
      expandSeries({ ...north, rrule: 'FREQ=MONTHLY;BYMONTH=13' }, YEAR_2026);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RecurrenceError);
      expect(error).toBeInstanceOf(Error);
      expect((error as RecurrenceError).reason).toBe('invalid-rrule');
      expect((error as Error).message).toContain('BYMONTH');
    }
  });
});
