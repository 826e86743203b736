import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localIso } from './local-time.js';

const ZONES = [
  'Europe/London',
  'Europe/Stockholm',
  'America/Toronto',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'America/St_Johns',
  'Asia/Kathmandu',
  'UTC',
];

/** The reference: luxon, formatted with a numeric offset. */
const reference = (instant: Date, zone: string) => {
  const local = DateTime.fromJSDate(instant, { zone });
  return local.toFormat(
    local.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSSZZ" : "yyyy-MM-dd'T'HH:mm:ssZZ",
  );
};

describe('localIso', () => {
  it('agrees with luxon every 113 minutes for two years in zones with odd offsets and DST', () => {
    const start = Date.UTC(2026, 0, 1);
    // Mismatches are collected and asserted once: an expect() per sample costs more than the check.
    const mismatches: string[] = [];
    let samples = 0;
    for (const zone of ZONES) {
      for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 113 * 60_000 + 1_234) {
        const instant = new Date(ms);
        const actual = localIso(instant, zone);
        const expected = reference(instant, zone);
        samples += 1;
        if (actual !== expected)
          mismatches.push(`${zone} ${instant.toISOString()}: ${actual} ≠ ${expected}`);
      }
    }
    // Every hour and minute of the day is visited (113 is prime to 1,440); clock changes are checked exactly below.
    expect(samples).toBeGreaterThan(80_000);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('is exact on both sides of a clock change', () => {
    expect(localIso(new Date('2026-03-29T00:59:59Z'), 'Europe/London')).toBe(
      '2026-03-29T00:59:59+00:00',
    );
    expect(localIso(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(
      '2026-03-29T02:00:00+01:00',
    );
    expect(localIso(new Date('2026-10-25T00:59:59Z'), 'Europe/London')).toBe(
      '2026-10-25T01:59:59+01:00',
    );
    expect(localIso(new Date('2026-10-25T01:00:00Z'), 'Europe/London')).toBe(
      '2026-10-25T01:00:00+00:00',
    );
  });
});
