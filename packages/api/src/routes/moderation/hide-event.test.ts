import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWithWorker } from '../../../test/helpers/app-with-worker.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { eventBody } from '../../../test/helpers/event-writes.js';
import { calendar, startFeedServer } from '../../../test/helpers/feed-server.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import type { Database } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';

const DAY = 86_400_000;
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);

describe.each(testDatabases())('hiding events on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let hub: ReturnType<typeof createAppWithWorker>;
  let call: ReturnType<typeof rawCaller>;
  let chapter: { id: string };
  let other: { id: string };
  let organiser: { secret: string };
  let moderator: { secret: string };
  let otherModerator: { secret: string };
  let admin: { secret: string };

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    hub = createAppWithWorker(database);
    call = rawCaller(hub);
    chapter = await createChapter(database.db);
    other = await createChapter(database.db);
    organiser = await createTestKey(database.db, [
      { scope: 'events:write', chapterId: chapter.id },
    ]);
    moderator = await createTestKey(database.db, [
      { scope: 'events:moderate', chapterId: chapter.id },
    ]);
    otherModerator = await createTestKey(database.db, [
      { scope: 'events:moderate', chapterId: other.id },
    ]);
    admin = await createTestKey(database.db, [adminGrant]);
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  /** What a webhook subscriber would be sent about an event, oldest first. */
  const announced = async (eventId: string) =>
    (
      await database.db
        .select({ type: outbox.type, payload: outbox.payload })
        .from(outbox)
        .where(sql`${outbox.payload} -> 'data' ->> 'id' = ${eventId}`)
        .orderBy(asc(outbox.seq))
    ).map((m) => ({ type: m.type, data: (m.payload as { data: unknown }).data }));

  const lastChange = async (eventId: string) => {
    let cursor: string | undefined;
    let last: { id: string; state: string; data: unknown } | undefined;
    for (;;) {
      const page = await call('GET', `/v1/changes?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const change of page.body.data) if (change.id === eventId) last = change;
      if (!page.body.nextCursor) return last;
      cursor = page.body.nextCursor;
    }
  };

  const listedIds = async () =>
    (await call('GET', `/v1/chapters/${chapter.id}/events?limit=100`)).body.data.map(
      (e: { id: string }) => e.id,
    );

  it('takes a pushed event out of every public output, with its reason kept for moderators', async () => {
    const created = await call('POST', `/v1/chapters/${chapter.id}/events`, {
      key: organiser.secret,
      body: eventBody({ title: { en: 'Crypto giveaway' } }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await listedIds()).toContain(id);

    // A moderator of another chapter cannot even tell the event exists.
    const stranger = await call('POST', `/v1/events/${id}/hide`, {
      key: otherModerator.secret,
      body: { reason: 'spam' },
    });
    expect(stranger.status).toBe(404);
    // Writing events is not moderating them.
    expect(
      (
        await call('POST', `/v1/events/${id}/hide`, {
          key: organiser.secret,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);

    const hidden = await call('POST', `/v1/events/${id}/hide`, {
      key: moderator.secret,
      body: { reason: 'Spam: not a One Team Gov event' },
    });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({
      eventId: id,
      hidden: true,
      reason: 'Spam: not a One Team Gov event',
    });

    expect((await call('GET', `/v1/events/${id}`)).status).toBe(404);
    expect((await call('GET', `/v1/events/${id}/event.ics`)).status).toBe(404);
    const jsonLd = await hub.fetch(`http://hub.test/v1/events/${id}`, {
      headers: { accept: 'application/ld+json' },
    });
    expect(jsonLd.status).toBe(404);
    expect((await hub.fetch(`http://hub.test/events/${id}`)).status).toBe(404);
    expect(await listedIds()).not.toContain(id);
    const ics = await hub.fetch(`http://hub.test/v1/chapters/${chapter.id}/events.ics`);
    expect(ics.status).toBe(200);
    expect(await ics.text()).not.toContain('Crypto giveaway');
    const allIcs = await hub.fetch('http://hub.test/v1/events.ics');
    expect(await allIcs.text()).not.toContain('Crypto giveaway');
    expect(await lastChange(id)).toMatchObject({ id, state: 'deleted', data: null });
    const messages = await announced(id);
    expect(messages.at(-1)).toEqual({
      type: 'event.deleted',
      data: { id, chapterId: chapter.id, deleted: true },
    });

    // The reason is for moderators and admins, not the public.
    const hiddenList = await call('GET', `/v1/moderation/hidden?chapter=${chapter.id}`, {
      key: admin.secret,
    });
    expect(hiddenList.body.data).toEqual([
      expect.objectContaining({ eventId: id, reason: 'Spam: not a One Team Gov event' }),
    ]);
    expect(
      (
        await call('GET', `/v1/moderation/hidden?chapter=${chapter.id}`, {
          key: otherModerator.secret,
        })
      ).status,
    ).toBe(404);
    const audit = await call('GET', `/v1/audit?chapter=${chapter.id}`, { key: admin.secret });
    expect(audit.body.data.map((a: { action: string }) => a.action)).toContain('event.hide');

    // Its organisers cannot change it behind the moderator's back, nor delete it.
    const patched = await call('PATCH', `/v1/events/${id}`, {
      key: organiser.secret,
      body: { title: { en: 'Crypto giveaway (legit)' } },
    });
    expect(patched.status).toBe(409);
    expect((await call('DELETE', `/v1/events/${id}`, { key: organiser.secret })).status).toBe(409);

    const shown = await call('POST', `/v1/events/${id}/unhide`, { key: moderator.secret });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ hidden: false, reason: null });
    expect((await call('GET', `/v1/events/${id}`)).status).toBe(200);
    expect((await hub.fetch(`http://hub.test/events/${id}`)).status).toBe(200);
    expect(await listedIds()).toContain(id);
    expect((await announced(id)).at(-1)?.type).toBe('event.created');
    expect(await lastChange(id)).toMatchObject({ id, state: 'updated' });
  });

  it('keeps an imported event hidden when its feed changes it, and says nothing about it', async () => {
    const sourceId = uniqueId('feed');
    const items = [
      { uid: 'a@test', title: 'Breakfast', start: soon(2) },
      { uid: 'b@test', title: 'Unconference', start: soon(3) },
    ];
    feed.serveCalendar(calendar(items));
    const added = await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: admin.secret,
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics` },
    });
    expect(added.status).toBe(201);
    await hub.worker.drain();
    const imported = (
      await call('GET', `/v1/chapters/${chapter.id}/events?limit=100`)
    ).body.data.find((e: { title: { en: string } }) => e.title.en === 'Unconference');
    expect(imported).toBeDefined();

    // Imported events used to be untouchable here (409): hiding works for them too.
    expect(
      (
        await call('POST', `/v1/events/${imported.id}/hide`, {
          key: admin.secret,
          body: { reason: 'Wrong chapter' },
        })
      ).status,
    ).toBe(200);
    const before = (await announced(imported.id)).length;

    feed.serveCalendar(calendar([items[0]!, { ...items[1]!, title: 'Unconference (moved)' }]));
    await call('POST', `/v1/sources/${sourceId}/sync`, { key: admin.secret });
    await hub.worker.drain();

    expect((await call('GET', `/v1/events/${imported.id}`)).status).toBe(404);
    expect(await listedIds()).not.toContain(imported.id);
    expect(await lastChange(imported.id)).toMatchObject({ state: 'deleted', data: null });
    expect(await announced(imported.id)).toHaveLength(before);

    // Unhidden, it shows what the feed says now.
    await call('POST', `/v1/events/${imported.id}/unhide`, { key: admin.secret });
    const shown = await call('GET', `/v1/events/${imported.id}`);
    expect(shown.body.title.en).toBe('Unconference (moved)');
  });

  it('answers 404 for an event that does not exist', async () => {
    const res = await call('POST', '/v1/events/no-such-event/hide', {
      key: admin.secret,
      body: { reason: 'spam' },
    });
    expect(res.status).toBe(404);
  });
});
