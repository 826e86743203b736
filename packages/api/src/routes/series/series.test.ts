import type { Series } from '@oneteamgov/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { failure, lastChange, vevent } from '../../../test/helpers/event-writes.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { rollSeriesForward } from '../../services/series/materialize-all-series.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A weekly rule that began ten days ago at 18:00 London time. */
function seriesBody(overrides: Record<string, unknown> = {}) {
  return {
    rrule: 'FREQ=WEEKLY',
    startLocal: `${new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10)}T18:00`,
    timeZone: 'Europe/London',
    durationMinutes: 90,
    event: {
      title: { en: 'Weekly meetup' },
      attendanceMode: 'online',
      onlineUrl: 'https://meet.example.org/weekly',
      tags: ['meetup'],
    },
    ...overrides,
  };
}

describe.each(testDatabases())('recurring series through the API on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  let organiser: ReturnType<ReturnType<typeof createTestApp>['clientWithKey']>;
  let outsider: typeof organiser;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db);
    const other = await createChapter(database.db);
    organiser = t.clientWithKey(
      (await createTestKey(database.db, organiserGrants(chapter.id))).secret,
    );
    outsider = t.clientWithKey(
      (await createTestKey(database.db, organiserGrants(other.id))).secret,
    );
  });
  afterAll(() => database?.close());

  const create = (body: Record<string, unknown> = seriesBody()) =>
    organiser.POST('/v1/chapters/{chapterId}/series', {
      params: { path: { chapterId: chapter.id } },
      body: body as never,
    });
  const getSeries = (seriesId: string) =>
    t.client.GET('/v1/series/{seriesId}', { params: { path: { seriesId } } });
  const patchSeries = (seriesId: string, body: Record<string, unknown>) =>
    organiser.PATCH('/v1/series/{seriesId}', {
      params: { path: { seriesId } },
      body: body as never,
    });
  const getEvent = (eventId: string) =>
    t.client.GET('/v1/events/{eventId}', { params: { path: { eventId } } });
  const patchEvent = (eventId: string, body: Record<string, unknown>) =>
    organiser.PATCH('/v1/events/{eventId}', { params: { path: { eventId } }, body: body as never });
  const rollForward = (seriesId: string) => rollSeriesForward(testCtx(database.db), seriesId);

  it('creates a series with its occurrences as events, each linked to it; anyone can read it', async () => {
    const res = await t.fetch(`http://hub.test/v1/chapters/${chapter.id}/series`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await createTestKey(database.db, organiserGrants(chapter.id))).secret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(seriesBody()),
    });
    expect(res.status).toBe(201);
    const series = (await res.json()) as Series;
    expect(res.headers.get('location')).toBe(`/v1/series/${series.id}`);
    expect(series).toMatchObject({
      chapterId: chapter.id,
      rrule: 'FREQ=WEEKLY',
      timeZone: 'Europe/London',
      exdates: [],
      event: { title: { en: 'Weekly meetup' }, status: 'scheduled', tags: ['meetup'] },
    });
    // Two past weeks plus about 57 weeks ahead.
    expect(series.occurrenceCount).toBeGreaterThan(55);
    expect(series.upcoming).toHaveLength(10);
    expect(await getSeries(series.id)).toEqual(series);

    const next = await getEvent(series.upcoming[0]!.id);
    expect(next).toMatchObject({
      chapterId: chapter.id,
      title: { en: 'Weekly meetup' },
      series: { id: series.id, rrule: 'FREQ=WEEKLY' },
      provenance: { sourceKind: 'push' },
      sequence: 0,
    });
    expect(next.localStartsAt.slice(11, 16)).toBe('18:00');
    expect(Date.parse(next.endsAt) - Date.parse(next.startsAt)).toBe(90 * 60_000);
    expect(await lastChange(t, next.id)).toMatchObject({ state: 'updated' });
  });

  it.each([
    ['a sub-daily rule', { rrule: 'FREQ=HOURLY' }, '/body/rrule'],
    ['a secondly rule', { rrule: 'FREQ=SECONDLY;COUNT=100000' }, '/body/rrule'],
    ['a rule with too many occurrences', { rrule: 'FREQ=DAILY;BYHOUR=8,12,16,20' }, '/body/rrule'],
    [
      'a rule that matches no date',
      { rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' },
      '/body/rrule',
    ],
    ['an unknown rule part', { rrule: 'FREQ=WEEKLY;FOO=1' }, '/body/rrule'],
    ['a rule without FREQ first', { rrule: 'BYDAY=TU' }, '/body/rrule'],
    ['a rule over 500 characters', { rrule: `FREQ=DAILY;${'X'.repeat(500)}` }, '/body/rrule'],
    ['a date that does not exist', { startLocal: '2027-02-30T18:00' }, '/body/startLocal'],
    ['a start with an offset', { startLocal: '2027-02-01T18:00+01:00' }, '/body/startLocal'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, '/body/timeZone'],
    ['a duration over two weeks', { durationMinutes: 60 * 24 * 15 }, '/body/durationMinutes'],
    [
      '501 exdates',
      { exdates: Array.from({ length: 501 }, () => '2027-01-01T18:00') },
      '/body/exdates',
    ],
    ['a server-controlled field', { id: 'mine' }, '/body'],
  ])('refuses %s with a 400 pointing at it', async (_name, override, pointer) => {
    const { status, problem } = await failure(create(seriesBody(override)));
    expect(status).toBe(400);
    const pointers = (problem.errors ?? []).map((e) => e.pointer);
    expect(pointers.some((p) => p.startsWith(pointer))).toBe(true);
  });

  it('keeps a change to one occurrence through roll-forwards and edits of the whole series', async () => {
    const series = await create();
    const [first, target, other] = series.upcoming as { id: string }[];
    const before = await getEvent(target!.id);
    const moved = await patchEvent(target!.id, {
      title: { en: 'Summer special' },
      startsAt: new Date(Date.parse(before.startsAt) + HOUR).toISOString(),
      endsAt: new Date(Date.parse(before.endsAt) + HOUR).toISOString(),
    });
    expect(moved).toMatchObject({
      title: { en: 'Summer special' },
      status: 'rescheduled',
      previousStartsAt: before.startsAt,
      sequence: 1,
      series: { id: series.id, recurrenceId: before.series!.recurrenceId },
    });
    expect(moved.localStartsAt.slice(11, 16)).toBe('19:00');

    // The daily roll-forward re-materialises the series: the override stays.
    await rollForward(series.id);
    expect(await getEvent(target!.id)).toEqual(moved);

    const renamed = await patchSeries(series.id, {
      event: { title: { en: 'Weekly meetup (new name)' }, capacity: 50 },
    });
    expect(renamed.event).toMatchObject({
      title: { en: 'Weekly meetup (new name)' },
      capacity: 50,
    });
    expect(await getEvent(other!.id)).toMatchObject({
      title: { en: 'Weekly meetup (new name)' },
      capacity: 50,
      sequence: 1,
    });
    // The override wins for the fields it set; the rest follow the series.
    expect(await getEvent(target!.id)).toMatchObject({
      title: { en: 'Summer special' },
      startsAt: moved.startsAt,
      status: 'rescheduled',
      capacity: 50,
      sequence: 2,
    });

    const cancelled = await patchEvent(first!.id, { status: 'cancelled' });
    expect(cancelled.status).toBe('cancelled');
    await rollForward(series.id);
    const ics = await (await t.fetch(`http://hub.test/v1/events/${first!.id}/event.ics`)).text();
    expect(vevent(ics, first!.id)).toContain('STATUS:CANCELLED');
    expect(vevent(ics, first!.id)).toContain(`SEQUENCE:${cancelled.sequence}`);
  });

  it('keeps both of two concurrent changes to different occurrences', async () => {
    const series = await create();
    const [a, b, c] = series.upcoming.map((o) => o.id);
    await Promise.all([
      patchEvent(a!, { title: { en: 'First special' } }),
      patchEvent(b!, { status: 'cancelled' }),
      organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: c! } } }),
    ]);
    await rollForward(series.id);
    expect((await getEvent(a!)).title).toEqual({ en: 'First special' });
    expect((await getEvent(b!)).status).toBe('cancelled');
    expect((await failure(getEvent(c!))).status).toBe(404);
    expect((await getSeries(series.id)).exdates).toHaveLength(1);
  });

  it('refuses to give one occurrence another time zone than its series', async () => {
    const series = await create();
    const { status, problem } = await failure(
      patchEvent(series.upcoming[0]!.id, { timeZone: 'Europe/Paris' }),
    );
    expect(status).toBe(400);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/body/timeZone']);
  });

  it('deletes one occurrence with an EXDATE, so it is not re-created', async () => {
    const series = await create();
    const victim = await getEvent(series.upcoming[2]!.id);
    await organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: victim.id } } });
    expect((await failure(getEvent(victim.id))).status).toBe(404);
    const after = await getSeries(series.id);
    const rid = victim.series!.recurrenceId;
    expect(after.exdates).toEqual([
      `${rid.slice(0, 4)}-${rid.slice(4, 6)}-${rid.slice(6, 8)}T${rid.slice(9, 11)}:${rid.slice(11, 13)}:${rid.slice(13, 15)}`,
    ]);
    expect(after.occurrenceCount).toBe(series.occurrenceCount - 1);
    expect(after.upcoming.map((o) => o.id)).not.toContain(victim.id);

    await rollForward(series.id);
    await patchSeries(series.id, { event: { title: { en: 'Still weekly' } } });
    expect((await failure(getEvent(victim.id))).status).toBe(404);
    expect(await lastChange(t, victim.id)).toMatchObject({ state: 'deleted' });
  });

  it('re-creates occurrences when the rule changes, dropping overrides of the ones that went', async () => {
    const series = await create();
    const old = await getEvent(series.upcoming[0]!.id);
    await patchEvent(old.id, { title: { en: 'One-off title' } });
    const changed = await patchSeries(series.id, {
      startLocal: `${series.startLocal.slice(0, 10)}T19:30`,
      durationMinutes: 60,
    });
    expect(changed.startLocal).toMatch(/T19:30$/);
    expect((await failure(getEvent(old.id))).status).toBe(404);
    expect(await lastChange(t, old.id)).toMatchObject({ state: 'deleted' });
    const replacement = await getEvent(changed.upcoming[0]!.id);
    expect(replacement.localStartsAt.slice(11, 16)).toBe('19:30');
    expect(replacement.title).toEqual({ en: 'Weekly meetup' });
    expect(changed.occurrenceCount).toBe(series.occurrenceCount);

    const bad = await failure(patchSeries(series.id, { rrule: 'FREQ=MINUTELY' }));
    expect(bad.status).toBe(400);
    expect((await getSeries(series.id)).rrule).toBe('FREQ=WEEKLY');
    const invalid = await failure(
      patchSeries(series.id, { event: { attendanceMode: 'inPerson' } }),
    );
    expect(invalid.problem.errors?.map((e) => e.pointer)).toContain('/body/event/venue');
  });

  it('deletes a series and every occurrence; a second delete is a 404', async () => {
    const series = await create();
    await organiser.DELETE('/v1/series/{seriesId}', { params: { path: { seriesId: series.id } } });
    expect((await failure(getSeries(series.id))).status).toBe(404);
    for (const occurrence of series.upcoming.slice(0, 3)) {
      expect((await failure(getEvent(occurrence.id))).status).toBe(404);
      expect(await lastChange(t, occurrence.id)).toMatchObject({ state: 'deleted' });
    }
    const again = await failure(
      organiser.DELETE('/v1/series/{seriesId}', { params: { path: { seriesId: series.id } } }),
    );
    expect(again.status).toBe(404);
  });

  it("answers another chapter's key with the 404 of a missing series, and anonymous callers with 401", async () => {
    const series = await create();
    const shape = (
      p: { status: number; problem: { code: string; detail?: string } },
      id: string,
    ) => ({
      status: p.status,
      code: p.problem.code,
      detail: p.problem.detail?.replace(id, '<id>'),
    });
    const missing = shape(
      await failure(patchSeries('ser_missing', { rrule: 'FREQ=DAILY' })),
      'ser_missing',
    );
    const patched = await failure(
      outsider.PATCH('/v1/series/{seriesId}', {
        params: { path: { seriesId: series.id } },
        body: { rrule: 'FREQ=DAILY' },
      }),
    );
    expect(shape(patched, series.id)).toEqual(missing);
    const deleted = await failure(
      outsider.DELETE('/v1/series/{seriesId}', { params: { path: { seriesId: series.id } } }),
    );
    expect(shape(deleted, series.id)).toEqual(missing);
    const occurrence = await failure(
      outsider.PATCH('/v1/events/{eventId}', {
        params: { path: { eventId: series.upcoming[0]!.id } },
        body: { status: 'cancelled' },
      }),
    );
    expect(occurrence.status).toBe(404);
    const created = await failure(
      outsider.POST('/v1/chapters/{chapterId}/series', {
        params: { path: { chapterId: chapter.id } },
        body: seriesBody() as never,
      }),
    );
    expect(created.status).toBe(404);
    const anonymous = await failure(
      t.client.DELETE('/v1/series/{seriesId}', { params: { path: { seriesId: series.id } } }),
    );
    expect(anonymous.status).toBe(401);
    expect(await getSeries(series.id)).toEqual(series);
  });

  it('records series writes in the audit log', async () => {
    const series = await create();
    await patchSeries(series.id, { durationMinutes: 120 });
    await organiser.DELETE('/v1/series/{seriesId}', { params: { path: { seriesId: series.id } } });
    const rows = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, series.id));
    expect(rows.map((r) => r.action).sort()).toEqual([
      'series.create',
      'series.delete',
      'series.update',
    ]);
  });
});
