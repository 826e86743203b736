import { isApiError } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(testDatabases())('events read API on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let wales: { id: string };
  let canada: { id: string };
  const now = Date.now();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const db = database.db;
    wales = await createChapter(db, { languages: ['cy', 'en'] });
    canada = await createChapter(db, { country: 'CA', timeZone: 'America/Toronto' });
    ids.past = (
      await createEvent(db, wales, {
        startsAt: new Date(now - 3 * DAY),
        title: { en: 'Past meetup' },
      })
    ).id;
    ids.ongoing = (
      await createEvent(db, wales, {
        startsAt: new Date(now - 2 * HOUR),
        endsAt: new Date(now + 6 * HOUR),
        title: { en: 'Day-long unconference' },
      })
    ).id;
    ids.welsh = (
      await createEvent(db, wales, {
        startsAt: new Date(now + 2 * DAY),
        title: { cy: 'Anghynhadledd Caerdydd', en: 'Cardiff unconference' },
        inLanguage: ['cy', 'en'],
        tags: ['unconference'],
        principles: ['be-diverse-and-inclusive'],
        attendanceMode: 'inPerson',
        venue: {
          name: 'Hall',
          address: '1 Secret Street',
          locality: 'Cardiff',
          postalCode: null,
          country: 'GB',
          lat: 51.48,
          lng: -3.18,
          addressVisibility: 'onRequest',
        },
      })
    ).id;
    ids.french = (
      await createEvent(db, canada, {
        startsAt: new Date(now + 3 * DAY),
        timeZone: 'America/Toronto',
        title: { fr: 'Réunion communautaire', en: 'Community meeting' },
        inLanguage: ['fr'],
        status: 'postponed',
        previousStartsAt: new Date(now + DAY),
        attendanceMode: 'online',
        principles: ['work-across-borders'],
      })
    ).id;
    ids.deleted = (
      await createEvent(db, canada, { startsAt: new Date(now + 4 * DAY), deletedAt: new Date() })
    ).id;
  });
  afterAll(() => database?.close());

  const list = (query: Record<string, unknown>) =>
    t.client.GET('/v1/events', { params: { query: { chapter: [wales.id, canada.id], ...query } } });

  it('lists upcoming and ongoing events of several chapters in start order, without past or deleted ones', async () => {
    const page = await list({});
    expect(page.data.map((e) => e.id)).toEqual([ids.ongoing, ids.welsh, ids.french]);
    expect(page.nextCursor).toBeNull();
  });

  it('returns a window with from/to, including events that overlap its start', async () => {
    const page = await list({
      from: new Date(now - 4 * DAY).toISOString(),
      to: new Date(now + 2.5 * DAY).toISOString(),
    });
    expect(page.data.map((e) => e.id)).toEqual([ids.past, ids.ongoing, ids.welsh]);
  });

  it('searches every language, ignoring case and accents', async () => {
    expect((await list({ q: 'Caerdydd' })).data.map((e) => e.id)).toEqual([ids.welsh]);
    expect((await list({ q: 'caerd' })).data.map((e) => e.id)).toEqual([ids.welsh]);
    expect((await list({ q: 'reunion' })).data.map((e) => e.id)).toEqual([ids.french]);
    expect((await list({ q: 'RÉUNION communautaire' })).data.map((e) => e.id)).toEqual([
      ids.french,
    ]);
    expect((await list({ q: 'nothing-like-this' })).data).toEqual([]);
  });

  it('filters by status, attendance mode, principle, tag, language and country', async () => {
    expect((await list({ status: ['postponed'] })).data.map((e) => e.id)).toEqual([ids.french]);
    expect((await list({ attendanceMode: ['online'] })).data.map((e) => e.id)).toEqual([
      ids.french,
    ]);
    expect((await list({ principle: ['be-diverse-and-inclusive'] })).data.map((e) => e.id)).toEqual(
      [ids.welsh],
    );
    expect((await list({ tag: ['unconference'] })).data.map((e) => e.id)).toEqual([ids.welsh]);
    expect((await list({ inLanguage: ['fr', 'de'] })).data.map((e) => e.id)).toEqual([ids.french]);
    expect((await list({ country: ['CA'] })).data.map((e) => e.id)).toEqual([ids.french]);
  });

  it('finds events near a point within a radius', async () => {
    expect((await list({ near: '51.5,-3.2', radiusKm: 10 })).data.map((e) => e.id)).toEqual([
      ids.welsh,
    ]);
    expect((await list({ near: '45.4,-75.7', radiusKm: 10 })).data).toEqual([]);
  });

  it('returns only events changed since a given instant, past ones included', async () => {
    expect((await list({ updatedSince: new Date(Date.now() + DAY).toISOString() })).data).toEqual(
      [],
    );
    const changed = await list({ updatedSince: new Date(now - DAY).toISOString() });
    expect(changed.data.map((e) => e.id)).toEqual([ids.past, ids.ongoing, ids.welsh, ids.french]);
  });

  it('gives the local time with a numeric offset, even in UTC', async () => {
    const utc = await createEvent(database.db, wales, {
      startsAt: new Date('2030-01-01T09:00:00Z'),
      endsAt: new Date('2030-01-01T10:00:00Z'),
      timeZone: 'UTC',
    });
    const event = await t.client.GET('/v1/events/{eventId}', {
      params: { path: { eventId: utc.id } },
    });
    expect(event.localStartsAt).toBe('2030-01-01T09:00:00+00:00');
    expect(event.localEndsAt).toBe('2030-01-01T10:00:00+00:00');
  });

  it('gets one event with local times, status history and a hidden on-request address', async () => {
    const welsh = await t.client.GET('/v1/events/{eventId}', {
      params: { path: { eventId: ids.welsh! } },
    });
    expect(welsh.title).toEqual({ cy: 'Anghynhadledd Caerdydd', en: 'Cardiff unconference' });
    expect(welsh.venue?.address).toBeNull();
    expect(welsh.venue?.name).toBe('Hall');
    expect(welsh.localStartsAt).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/,
    );
    const french = await t.client.GET('/v1/events/{eventId}', {
      params: { path: { eventId: ids.french! } },
    });
    expect(french.status).toBe('postponed');
    expect(french.previousStartsAt).toBe(new Date(now + DAY).toISOString());
    expect(french.localStartsAt.endsWith('-05:00') || french.localStartsAt.endsWith('-04:00')).toBe(
      true,
    );
  });

  it('answers 404 problems for unknown or deleted events and unknown chapters', async () => {
    for (const eventId of ['no-such-event', ids.deleted!]) {
      const error = await t.client
        .GET('/v1/events/{eventId}', { params: { path: { eventId } } })
        .catch((e: unknown) => e);
      expect(isApiError(error) && error.status === 404 && error.code === 'not_found').toBe(true);
    }
    const error = await t.client
      .GET('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'no-such-chapter' } },
      })
      .catch((e: unknown) => e);
    expect(isApiError(error) && error.status).toBe(404);
  });

  it("lists one chapter's events under the chapter", async () => {
    const page = await t.client.GET('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: canada.id }, query: {} },
    });
    expect(page.data.map((e) => e.id)).toEqual([ids.french]);
  });

  it('supports conditional requests: ETag then 304 with the request id', async () => {
    const url = `http://hub.test/v1/events?chapter=${wales.id}`;
    const first = await t.fetch(url);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const second = await t.fetch(url, { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
    expect(second.headers.get('x-request-id')).toBeTruthy();
    expect(await second.text()).toBe('');
  });
});
