import type { Event } from '@oneteamgov/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { eventBody, failure, lastChange, vevent } from '../../../test/helpers/event-writes.js';
import { createChapter, createEvent, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

describe.each(testDatabases())('publishing events on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  let organiser: ReturnType<ReturnType<typeof createTestApp>['clientWithKey']>;
  let admin: typeof organiser;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db);
    organiser = t.clientWithKey(
      (await createTestKey(database.db, organiserGrants(chapter.id))).secret,
    );
    admin = t.clientWithKey((await createTestKey(database.db, [adminGrant])).secret);
  });
  afterAll(() => database?.close());

  const create = (body: Record<string, unknown> = eventBody()) =>
    organiser.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: chapter.id } },
      body: body as never,
    });
  const patch = (eventId: string, body: Record<string, unknown>) =>
    organiser.PATCH('/v1/events/{eventId}', { params: { path: { eventId } }, body: body as never });
  const get = (eventId: string) =>
    t.client.GET('/v1/events/{eventId}', { params: { path: { eventId } } });
  const eventIcs = async (eventId: string) =>
    (await t.fetch(`http://hub.test/v1/events/${eventId}/event.ics`)).text();

  it('publishes an event: 201 with Location, this instance as origin, sequence 0, readable by anyone', async () => {
    const res = await t.fetch(`http://hub.test/v1/chapters/${chapter.id}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await createTestKey(database.db, organiserGrants(chapter.id))).secret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(eventBody({ title: { en: 'Cardiff breakfast', cy: 'Brecwast' } })),
    });
    expect(res.status).toBe(201);
    const event = (await res.json()) as Event;
    expect(res.headers.get('location')).toBe(`/v1/events/${event.id}`);
    expect(event).toMatchObject({
      chapterId: chapter.id,
      title: { en: 'Cardiff breakfast', cy: 'Brecwast' },
      status: 'scheduled',
      sequence: 0,
      provenance: { sourceKind: 'push', originInstance: TEST_ORIGIN, sourceId: null },
    });
    expect(await get(event.id)).toEqual(event);
    const listed = await t.client.GET('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: chapter.id }, query: { limit: 100 } },
    });
    expect(listed.data.map((e) => e.id)).toContain(event.id);
    expect(await lastChange(t, event.id)).toMatchObject({ state: 'updated', data: event });
  });

  it('changes fields; only a material change bumps sequence', async () => {
    const event = await create();
    const renamed = await patch(event.id, { title: { en: 'Renamed breakfast' }, capacity: 30 });
    expect(renamed).toMatchObject({
      title: { en: 'Renamed breakfast' },
      capacity: 30,
      sequence: 1,
    });
    const same = await patch(event.id, { capacity: 30 });
    expect(same.sequence).toBe(1);
    expect(same.updatedAt).toBe(renamed.updatedAt);
    const cleared = await patch(event.id, { capacity: null });
    expect(cleared).toMatchObject({ capacity: null, sequence: 2 });
  });

  it('cancels: the event stays listed as cancelled, calendars get STATUS:CANCELLED and a new SEQUENCE', async () => {
    const event = await create();
    const cancelled = await patch(event.id, { status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(await get(event.id)).toMatchObject({ status: 'cancelled' });
    const single = vevent(await eventIcs(event.id), event.id);
    expect(single).toContain('STATUS:CANCELLED');
    expect(single).toContain('SEQUENCE:1');
    const feed = await (
      await t.fetch(`http://hub.test/v1/events.ics?chapter=${chapter.id}`)
    ).text();
    expect(vevent(feed, event.id)).toContain('STATUS:CANCELLED');
    expect(await lastChange(t, event.id)).toMatchObject({
      state: 'updated',
      data: { status: 'cancelled', sequence: 1 },
    });
  });

  it('reschedules: keeps the old start as previousStartsAt, status rescheduled, sequence bumped', async () => {
    const event = await create();
    const later = eventBody({}, 14);
    const moved = await patch(event.id, { startsAt: later.startsAt, endsAt: later.endsAt });
    expect(moved).toMatchObject({
      startsAt: new Date(later.startsAt).toISOString(),
      previousStartsAt: event.startsAt,
      status: 'rescheduled',
      sequence: 1,
    });
    expect(vevent(await eventIcs(event.id), event.id)).toContain('SEQUENCE:1');
    // A status sent with the new start wins.
    const again = eventBody({}, 21);
    const postponed = await patch(event.id, {
      startsAt: again.startsAt,
      endsAt: again.endsAt,
      status: 'postponed',
    });
    expect(postponed).toMatchObject({
      status: 'postponed',
      previousStartsAt: moved.startsAt,
      sequence: 2,
    });
  });

  it('checks the merged result: a start moved past the end is a 400 naming endsAt', async () => {
    const event = await create();
    const { status, problem } = await failure(
      patch(event.id, { startsAt: eventBody({}, 30).startsAt }),
    );
    expect(status).toBe(400);
    expect(problem.errors?.map((e) => e.pointer)).toContain('/body/endsAt');
    expect(await get(event.id)).toEqual(event);
  });

  it('deletes: 204, then 404 (also for a second delete), a tombstone in the change feed, gone from calendars', async () => {
    const event = await create();
    await expect(
      organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: event.id } } }),
    ).resolves.toBeUndefined();
    expect((await failure(get(event.id))).status).toBe(404);
    const again = await failure(
      organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: event.id } } }),
    );
    expect(again).toMatchObject({ status: 404, problem: { code: 'not_found' } });
    expect(await lastChange(t, event.id)).toMatchObject({ state: 'deleted', data: null });
    const feed = await (
      await t.fetch(`http://hub.test/v1/events.ics?chapter=${chapter.id}`)
    ).text();
    expect(feed).not.toContain(`UID:${event.id}@`);
    expect((await failure(patch(event.id, { capacity: 3 }))).status).toBe(404);
  });

  it('upserts by external id: 201 then 200, full replacement, sequence bumped only on change, restores a deleted one', async () => {
    const externalId = `cms:${uniqueId('x')}@example.org`;
    const organiserSecret = (await createTestKey(database.db, organiserGrants(chapter.id))).secret;
    const put = async (body: Record<string, unknown>) => {
      const res = await organiser
        .PUT('/v1/chapters/{chapterId}/events/external/{externalId}', {
          params: { path: { chapterId: chapter.id, externalId } },
          body: body as never,
        })
        .then((event) => ({ event }));
      return res.event;
    };
    const raw = (body: Record<string, unknown>) =>
      t.fetch(`http://hub.test/v1/chapters/${chapter.id}/events/external/${externalId}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${organiserSecret}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });

    const body = eventBody({ capacity: 40, tags: ['breakfast'] });
    const first = await raw(body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as Event;
    expect(first.headers.get('location')).toBe(`/v1/events/${created.id}`);
    expect(created).toMatchObject({ capacity: 40, sequence: 0 });

    const unchanged = await raw(body);
    expect(unchanged.status).toBe(200);
    expect(await unchanged.json()).toEqual(created);

    const replaced = await put(eventBody({ title: { en: 'New title' } }));
    expect(replaced).toMatchObject({
      id: created.id,
      title: { en: 'New title' },
      capacity: null,
      tags: [],
      sequence: 1,
    });

    await organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: created.id } } });
    const restored = await raw(body);
    expect(restored.status).toBe(201);
    expect(await restored.json()).toMatchObject({ id: created.id, capacity: 40, sequence: 3 });
    expect(await lastChange(t, created.id)).toMatchObject({ state: 'updated' });

    // POST refuses an external id that is taken.
    const taken = await failure(create(eventBody({ externalId })));
    expect(taken).toMatchObject({ status: 409, problem: { code: 'conflict' } });
  });

  it('creates one event when two PUTs of a new external id race', async () => {
    const externalId = uniqueId('race');
    const put = (title: string) =>
      organiser.PUT('/v1/chapters/{chapterId}/events/external/{externalId}', {
        params: { path: { chapterId: chapter.id, externalId } },
        body: eventBody({ title: { en: title } }) as never,
      });
    const [one, two] = await Promise.all([put('One'), put('Two')]);
    expect(one.id).toBe(two.id);
    expect((await get(one.id)).sequence).toBe(1);
  });

  it('refuses to change or delete events that came from a feed, but lets organisers edit demo events', async () => {
    const fromIcs = await createEvent(database.db, chapter, {
      sourceKind: 'ics',
      attendanceMode: 'online',
    });
    const fromPeer = await createEvent(database.db, chapter, {
      sourceKind: 'instance',
      attendanceMode: 'online',
    });
    for (const id of [fromIcs.id, fromPeer.id]) {
      const patched = await failure(patch(id, { status: 'cancelled' }));
      expect(patched).toMatchObject({ status: 409, problem: { code: 'conflict' } });
      expect(patched.problem.detail).toMatch(/at the source/);
      const deleted = await failure(
        organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: id } } }),
      );
      expect(deleted.status).toBe(409);
      expect(await get(id)).toMatchObject({ status: 'scheduled' });
    }
    const demo = await createEvent(database.db, chapter, {
      sourceKind: 'demo',
      attendanceMode: 'online',
    });
    expect(await patch(demo.id, { status: 'cancelled' })).toMatchObject({ status: 'cancelled' });
  });

  it('lets an admin key write in any chapter', async () => {
    const other = await createChapter(database.db);
    const event = await admin.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: other.id } },
      body: eventBody() as never,
    });
    expect(event.chapterId).toBe(other.id);
    expect(
      await admin.PATCH('/v1/events/{eventId}', {
        params: { path: { eventId: event.id } },
        body: { status: 'cancelled' },
      }),
    ).toMatchObject({ status: 'cancelled' });
  });

  it('records every write in the audit log with its action', async () => {
    const event = await create();
    await patch(event.id, { capacity: 12 });
    await organiser.DELETE('/v1/events/{eventId}', { params: { path: { eventId: event.id } } });
    const rows = await database.db
      .select({ action: auditLog.action, chapterId: auditLog.chapterId })
      .from(auditLog)
      .where(eq(auditLog.targetId, event.id));
    expect(rows.map((r) => r.action).sort()).toEqual([
      'event.create',
      'event.delete',
      'event.update',
    ]);
    expect(rows.every((r) => r.chapterId === chapter.id)).toBe(true);
  });
});
