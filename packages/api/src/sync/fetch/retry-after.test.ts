import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent, negative, fractional and garbage values', () => {
    for (const value of [null, '', '-5', '1.5', 'soon', '12abc', 'Sun, 99 Foo']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
