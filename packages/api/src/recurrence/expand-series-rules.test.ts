import { describe, expect, it } from 'vitest';
import {
  at,
  byRecurrenceId,
  HOUR_MS,
  north,
  reasonOf,
  YEAR_2026,
} from './expand-series.fixtures.js';
import { expandSeries, occurrenceId, RecurrenceError, type SeriesRule } from './index.js';

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
