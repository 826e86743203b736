import { describe, expect, it } from 'vitest';
import { EventInput } from './event.js';
import { ERROR_CODES } from './problem.js';
import { EventListQuery } from './queries.js';

const valid = {
  title: { en: 'North monthly meetup' },
  startsAt: '2026-07-21T17:00:00Z',
  endsAt: '2026-07-21T19:00:00Z',
  timeZone: 'Europe/London',
  attendanceMode: 'online',
};

describe('EventInput', () => {
  it('accepts a minimal online event and fills defaults', () => {
    const parsed = EventInput.parse(valid);
    expect(parsed).toMatchObject({ status: 'scheduled', allDay: false, tags: [], principles: [] });
  });
  it('rejects an end before the start, pointing at endsAt', () => {
    const result = EventInput.safeParse({ ...valid, endsAt: '2026-07-21T16:00:00Z' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['endsAt']);
  });
  it('rejects events longer than 31 days', () => {
    expect(EventInput.safeParse({ ...valid, endsAt: '2026-09-21T16:00:00Z' }).success).toBe(false);
  });
  it('rejects server-controlled and unknown fields (mass assignment)', () => {
    for (const extra of [
      { id: 'x' },
      { chapterId: 'wales' },
      { sequence: 9 },
      { provenance: {} },
      { isAdmin: true },
    ]) {
      expect(EventInput.safeParse({ ...valid, ...extra }).success).toBe(false);
    }
  });
  it('needs a venue for in-person events', () => {
    expect(EventInput.safeParse({ ...valid, attendanceMode: 'inPerson' }).success).toBe(false);
  });
  it('rejects an invalid time zone and instants without offsets', () => {
    expect(EventInput.safeParse({ ...valid, timeZone: 'Europe/Cardiff' }).success).toBe(false);
    expect(EventInput.safeParse({ ...valid, startsAt: '2026-07-21T17:00:00' }).success).toBe(false);
  });
  it('bounds arrays', () => {
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`);
    expect(EventInput.safeParse({ ...valid, tags }).success).toBe(false);
  });
});

describe('EventListQuery', () => {
  it('accepts repeated or comma-separated lists and coerces numbers', () => {
    const parsed = EventListQuery.parse({
      chapter: ['wales', 'north,uk'],
      limit: '50',
      near: '53.48,-2.24',
      radiusKm: '10',
    });
    expect(parsed.chapter).toEqual(['wales', 'north', 'uk']);
    expect(parsed.limit).toBe(50);
    expect(parsed.near).toEqual({ lat: 53.48, lng: -2.24 });
  });
  it('defaults the page size to 20', () => {
    expect(EventListQuery.parse({}).limit).toBe(20);
  });
  it('rejects an inverted window', () => {
    const result = EventListQuery.safeParse({
      from: '2026-06-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('to');
  });
});

describe('ERROR_CODES', () => {
  it('maps every code to a 4xx/5xx status and a title', () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(title.length, code).toBeGreaterThan(0);
    }
  });
});
