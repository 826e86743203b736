import { describe, expect, it } from 'vitest';
import { describeWhen } from '../src/when.js';

const cardiff = {
  startsAt: '2026-12-18T09:00:00Z',
  endsAt: '2026-12-18T11:00:00Z',
  timeZone: 'Europe/London',
  allDay: false,
};

describe('describeWhen', () => {
  it('writes the date in the chosen language, in the event’s time zone', () => {
    expect(describeWhen(cardiff, 'cy', 'Europe/London').date).toBe('Dydd Gwener, 18 Rhagfyr 2026');
    expect(describeWhen(cardiff, 'fr', 'Europe/London').date).toBe('vendredi 18 décembre 2026');
    expect(describeWhen(cardiff, 'sv', 'Europe/London').date).toBe('fredag 18 december 2026');
  });

  it('uses the event’s local day even when that is another day in UTC', () => {
    const auckland = {
      ...cardiff,
      startsAt: '2026-12-17T20:00:00Z',
      endsAt: '2026-12-17T22:00:00Z',
      timeZone: 'Pacific/Auckland',
    };
    expect(describeWhen(auckland, 'en-NZ', 'Pacific/Auckland').date).toMatch(
      /Friday.*18 December 2026/,
    );
  });

  it('names the zone and adds the reader’s time only when the reader’s clock differs', () => {
    const home = describeWhen(cardiff, 'en-GB', 'Europe/London');
    expect(home.time).toBe('09:00–11:00');
    expect(home.readerTime).toBeNull();
    // Dublin shares London's clock in December: nothing to explain.
    expect(describeWhen(cardiff, 'en-GB', 'Europe/Dublin').readerTime).toBeNull();
    const away = describeWhen(cardiff, 'en-GB', 'Europe/Stockholm');
    expect(away.time).toMatch(/^09:00–11:00 GMT/);
    expect(away.readerTime).toMatch(/10:00 CET/);
  });

  it('all-day events have no time and end on their last day', () => {
    const day = {
      startsAt: '2026-12-18T00:00:00Z',
      endsAt: '2026-12-19T00:00:00Z',
      timeZone: 'Europe/London',
      allDay: true,
    };
    const when = describeWhen(day, 'en-GB', 'Asia/Tokyo');
    expect(when.date).toMatch(/^Friday,? 18 December 2026$/);
    expect(when).toMatchObject({ time: null, readerTime: null });
    const twoDays = { ...day, endsAt: '2026-12-20T00:00:00Z' };
    expect(describeWhen(twoDays, 'en-GB', 'Europe/London').date).toMatch(/18.*19 December 2026/);
  });

  it('still formats a date for a language tag the runtime does not know', () => {
    expect(describeWhen(cardiff, 'zz', 'Europe/London').date).toMatch(/2026/);
  });
});
