import { describe, expect, it } from 'vitest';
import {
  at,
  byRecurrenceId,
  HOUR_MS,
  north,
  rfc3339,
  YEAR_2026,
} from './expand-series.fixtures.js';
import { expandSeries } from './index.js';

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
