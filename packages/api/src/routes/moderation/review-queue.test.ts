import { createClient } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWithWorker } from '../../../test/helpers/app-with-worker.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { failure } from '../../../test/helpers/event-writes.js';
import { calendar, startFeedServer } from '../../../test/helpers/feed-server.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import type { Database } from '../../db/client.js';

const DAY = 86_400_000;
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);

interface Item {
  id: string;
  kind: string;
  sourceId: string;
  chapterId: string;
  event: { id: string; title: { en: string } };
  previous: { title: { en: string } } | null;
}

// Its own database: the worker syncs every due source, and only loopback feeds may be here.
describe.each(testDatabases())('the moderation queue on $name', (backend) => {
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
  let etag = 0;

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    hub = createAppWithWorker(database);
    call = rawCaller(hub);
    chapter = await createChapter(database.db);
    other = await createChapter(database.db);
    // An organiser who manages sources and events but does not moderate.
    organiser = await createTestKey(
      database.db,
      organiserGrants(chapter.id).filter((g) => g.scope !== 'events:moderate'),
    );
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

  /** Serves the calendar under a new ETag, so the next sync reads it afresh. */
  const serve = (items: Parameters<typeof calendar>[0]) => {
    etag += 1;
    feed.serveCalendar(calendar(items), `"v${etag}"`);
  };
  const syncNow = async (sourceId: string) => {
    expect(
      (await call('POST', `/v1/sources/${sourceId}/sync`, { key: organiser.secret })).status,
    ).toBe(202);
    await hub.worker.drain();
  };
  const queue = async (query: string, key = moderator.secret) => {
    const res = await call('GET', `/v1/moderation?${query}`, { key });
    expect(res.status).toBe(200);
    return res.body as { data: Item[]; nextCursor: string | null };
  };
  const publicTitle = async (eventId: string) => {
    const res = await call('GET', `/v1/events/${eventId}`);
    return res.status === 200 ? (res.body.title.en as string) : res.status;
  };

  it('holds a reviewed source’s imports until a moderator approves them; rejected content stays out until it changes upstream', async () => {
    const sourceId = uniqueId('reviewed');
    serve([
      { uid: 'breakfast@test', title: 'Breakfast', start: soon(2) },
      { uid: 'spam@test', title: 'Buy followers', start: soon(3) },
    ]);
    const added = await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: organiser.secret,
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics`, review: true },
    });
    expect(added.status).toBe(201);
    expect(added.body.review).toBe(true);
    await hub.worker.drain();

    // Nothing is public yet; both wait in the queue, shown as they would be published.
    const listed = await call('GET', `/v1/chapters/${chapter.id}/events`);
    expect(listed.body.data).toEqual([]);
    const held = await queue(`source=${sourceId}`);
    expect(held.data.map((i) => [i.kind, i.event.title.en]).sort()).toEqual([
      ['new', 'Breakfast'],
      ['new', 'Buy followers'],
    ]);
    expect(held.data[0]).toMatchObject({ sourceId, chapterId: chapter.id, previous: null });

    // Keyset pages, one item at a time.
    const first = await queue(`source=${sourceId}&limit=1`);
    expect(first.nextCursor).not.toBeNull();
    const second = await queue(`source=${sourceId}&limit=1&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);

    // Another chapter's moderator sees none of it and cannot decide it.
    expect((await queue(`source=${sourceId}`, otherModerator.secret)).data).toEqual([]);
    expect(
      (await call('GET', `/v1/moderation?chapter=${chapter.id}`, { key: otherModerator.secret }))
        .status,
    ).toBe(404);
    const breakfast = held.data.find((i) => i.event.title.en === 'Breakfast')!;
    const spam = held.data.find((i) => i.event.title.en === 'Buy followers')!;
    expect(
      (await call('POST', `/v1/moderation/${breakfast.id}/approve`, { key: otherModerator.secret }))
        .status,
    ).toBe(404);
    // An organiser's key without events:moderate does not moderate either.
    expect(
      (await call('POST', `/v1/moderation/${breakfast.id}/approve`, { key: organiser.secret }))
        .status,
    ).toBe(404);

    const approved = await call('POST', `/v1/moderation/${breakfast.id}/approve`, {
      key: moderator.secret,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', eventId: breakfast.event.id });
    expect(await publicTitle(breakfast.event.id)).toBe('Breakfast');
    expect(
      (await call('POST', `/v1/moderation/${spam.id}/reject`, { key: moderator.secret })).status,
    ).toBe(200);
    expect(await publicTitle(spam.event.id)).toBe(404);
    // A decided item cannot be decided again.
    expect(
      (await call('POST', `/v1/moderation/${spam.id}/approve`, { key: moderator.secret })).status,
    ).toBe(409);
    expect((await queue(`source=${sourceId}`)).data).toEqual([]);

    // The same content again: the rejection holds and the queue stays empty.
    serve([
      { uid: 'breakfast@test', title: 'Breakfast', start: soon(2) },
      { uid: 'spam@test', title: 'Buy followers', start: soon(3) },
    ]);
    await syncNow(sourceId);
    expect((await queue(`source=${sourceId}`)).data).toEqual([]);
    expect(await publicTitle(spam.event.id)).toBe(404);

    // Upstream changes: the rejected event comes back for review, and a change to the
    // published one waits while the public keeps the approved version.
    serve([
      { uid: 'breakfast@test', title: 'Breakfast (new room)', start: soon(2) },
      { uid: 'spam@test', title: 'Civic tech drinks', start: soon(3) },
    ]);
    await syncNow(sourceId);
    const again = await queue(`source=${sourceId}`);
    expect(again.data.map((i) => [i.kind, i.event.title.en]).sort()).toEqual([
      ['changed', 'Breakfast (new room)'],
      ['new', 'Civic tech drinks'],
    ]);
    const changed = again.data.find((i) => i.kind === 'changed')!;
    expect(changed.previous?.title.en).toBe('Breakfast');
    expect(await publicTitle(breakfast.event.id)).toBe('Breakfast');

    // Admins moderate every chapter.
    expect(
      (await call('POST', `/v1/moderation/${changed.id}/approve`, { key: admin.secret })).status,
    ).toBe(200);
    expect(await publicTitle(breakfast.event.id)).toBe('Breakfast (new room)');
  });

  it('through the SDK: a held import is public only once a moderator approves it', async () => {
    const sdk = (apiKey?: string) =>
      createClient({ baseUrl: 'http://hub.test', fetch: hub.fetch, maxRetries: 0, apiKey });
    const sourceId = uniqueId('sdk');
    serve([{ uid: 'sdk@test', title: 'Welsh breakfast', start: soon(6) }]);
    await sdk(organiser.secret).POST('/v1/chapters/{chapterId}/sources', {
      params: { path: { chapterId: chapter.id } },
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics`, review: true },
    });
    await hub.worker.drain();

    const page = await sdk(moderator.secret).GET('/v1/moderation', {
      params: { query: { source: sourceId } },
    });
    expect(page.data).toHaveLength(1);
    const item = page.data[0]!;
    expect(item).toMatchObject({ kind: 'new', event: { title: { en: 'Welsh breakfast' } } });
    const eventId = item.event.id;
    const before = await failure(
      sdk().GET('/v1/events/{eventId}', { params: { path: { eventId } } }),
    );
    expect(before.status).toBe(404);

    const decision = await sdk(moderator.secret).POST('/v1/moderation/{itemId}/approve', {
      params: { path: { itemId: item.id } },
    });
    expect(decision).toMatchObject({ status: 'approved', eventId });
    const published = await sdk().GET('/v1/events/{eventId}', { params: { path: { eventId } } });
    expect(published.title.en).toBe('Welsh breakfast');
  });

  it('turns review on for an existing source with PATCH', async () => {
    const sourceId = uniqueId('later');
    serve([{ uid: 'first@test', title: 'First', start: soon(4) }]);
    await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: organiser.secret,
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics` },
    });
    await hub.worker.drain();
    const res = await call('PATCH', `/v1/sources/${sourceId}`, {
      key: organiser.secret,
      body: { review: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.review).toBe(true);
    serve([
      { uid: 'first@test', title: 'First', start: soon(4) },
      { uid: 'second@test', title: 'Second', start: soon(5) },
    ]);
    await syncNow(sourceId);
    const held = await queue(`source=${sourceId}`);
    expect(held.data.map((i) => i.event.title.en)).toEqual(['Second']);
  });

  it('queues the removals the delete breaker holds; `sources approve` still applies what is left', async () => {
    const sourceId = uniqueId('breaker');
    const items = [1, 2, 3, 4].map((n) => ({
      uid: `m${n}@test`,
      title: `Meetup ${n}`,
      start: soon(n + 5),
    }));
    serve(items);
    await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: organiser.secret,
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics` },
    });
    await hub.worker.drain();

    serve(items.slice(0, 1));
    await syncNow(sourceId);
    expect((await call('GET', `/v1/sources/${sourceId}`)).body.status).toBe('needsReview');
    const held = await queue(`source=${sourceId}`);
    expect(held.data.map((i) => [i.kind, i.event.title.en]).sort()).toEqual([
      ['removed', 'Meetup 2'],
      ['removed', 'Meetup 3'],
      ['removed', 'Meetup 4'],
    ]);
    // Re-running the held sync does not queue them twice.
    await syncNow(sourceId);
    expect((await queue(`source=${sourceId}`)).data).toHaveLength(3);

    const [two, three, four] = held.data.sort((a, b) =>
      a.event.title.en.localeCompare(b.event.title.en),
    );
    await call('POST', `/v1/moderation/${two!.id}/approve`, { key: moderator.secret });
    expect(await publicTitle(two!.event.id)).toBe(404);
    await call('POST', `/v1/moderation/${three!.id}/reject`, { key: moderator.secret });
    expect(await publicTitle(three!.event.id)).toBe('Meetup 3');

    const approved = await call('POST', `/v1/sources/${sourceId}/approve`, {
      key: organiser.secret,
    });
    expect(approved.status).toBe(202);
    expect(approved.body.counts.removed).toBe(1);
    expect(await publicTitle(four!.event.id)).toBe(404);
    // The removal a moderator rejected is kept, and not asked about again.
    expect(await publicTitle(three!.event.id)).toBe('Meetup 3');
    expect((await queue(`source=${sourceId}`)).data).toEqual([]);
    expect((await call('GET', `/v1/sources/${sourceId}`)).body.status).toBe('ok');
  });
});
