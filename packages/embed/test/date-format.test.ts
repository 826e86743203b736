import { describe, expect, it } from 'vitest';
import { dateFormat, fallbackFormat } from '../src/date-format.js';

const WELSH =
  'Dydd Sul|Dydd Llun|Dydd Mawrth|Dydd Mercher|Dydd Iau|Dydd Gwener|Dydd Sadwrn|Sul|Llun|Maw|Mer|Iau|Gwen|Sad|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr'.split(
    '|',
  );
const start = new Date('2026-12-18T09:00:00Z');
const end = new Date('2026-12-18T11:00:00Z');

describe('Welsh dates where the browser has no Welsh locale data (Chrome, Edge)', () => {
  const zone = { timeZone: 'Europe/London' };

  it('writes full dates, months and times as Welsh readers expect', () => {
    expect(fallbackFormat(WELSH, { dateStyle: 'full', ...zone }).format(start)).toBe(
      'Dydd Gwener, 18 Rhagfyr 2026',
    );
    expect(fallbackFormat(WELSH, { month: 'long', year: 'numeric', ...zone }).format(start)).toBe(
      'Rhagfyr 2026',
    );
    const clock = { hour: 'numeric', minute: '2-digit', ...zone } as const;
    expect(fallbackFormat(WELSH, clock).formatRange(start, end)).toBe('09:00–11:00');
    expect(fallbackFormat(WELSH, { ...clock, timeZoneName: 'short' }).formatRange(start, end)).toBe(
      '09:00–11:00 GMT',
    );
    expect(
      fallbackFormat(WELSH, {
        ...clock,
        weekday: 'short',
        timeZone: 'Europe/Stockholm',
        timeZoneName: 'short',
      }).format(start),
    ).toBe('Gwen 10:00 CET');
  });

  it('uses the event’s local day and summer time', () => {
    const summer = new Date('2026-07-04T23:30:00Z'); // Sunday 00:30 in London
    expect(fallbackFormat(WELSH, { dateStyle: 'full', ...zone }).format(summer)).toBe(
      'Dydd Sul, 5 Gorffennaf 2026',
    );
    expect(
      fallbackFormat(WELSH, {
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
        ...zone,
      }).format(summer),
    ).toBe('00:30 BST');
  });

  it('spans several days with both ends', () => {
    const later = new Date('2026-12-19T17:00:00Z');
    expect(
      fallbackFormat(WELSH, { dateStyle: 'medium', timeStyle: 'short', ...zone }).formatRange(
        start,
        later,
      ),
    ).toBe('18 Rhagfyr 2026, 09:00 – 19 Rhagfyr 2026, 17:00');
  });

  it('leaves languages the runtime knows to Intl', () => {
    expect(dateFormat('fr', { dateStyle: 'full', ...zone }).format(start)).toBe(
      new Intl.DateTimeFormat('fr', { dateStyle: 'full', ...zone }).format(start),
    );
    expect(dateFormat('cy', { dateStyle: 'full', ...zone }).format(start)).toBe(
      'Dydd Gwener, 18 Rhagfyr 2026',
    );
  });
});
