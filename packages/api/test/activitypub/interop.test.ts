import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { activitypubFollowers } from '../../src/db/schema/index.js';
import { giveChapterKeys } from '../helpers/chapter-keys.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import {
  mastodonActor,
  mastodonFollow,
  mastodonLike,
  mastodonUndoFollow,
} from './fixtures/mastodon.js';
import { mobilizonActor, mobilizonFollow } from './fixtures/mobilizon.js';
import { startFixtureServer } from './helpers/fixture-server.js';
import { startHubOnLoopback } from './helpers/hub-on-loopback.js';

describe.each(testDatabases())('interoperability fixtures on $name', (backend) => {
  let database: Database;
  let hub: Awaited<ReturnType<typeof startHubOnLoopback>>;
  let others: Awaited<ReturnType<typeof startFixtureServer>>;
  let chapter: Awaited<ReturnType<typeof createChapter>>;
  let actorUrl: string;
  let inbox: string;

  const followersOf = async (chapterId: string) =>
    database.db
      .select()
      .from(activitypubFollowers)
      .where(eq(activitypubFollowers.chapterId, chapterId));

  beforeAll(async () => {
    database = await backend.open();
    hub = await startHubOnLoopback(database);
    others = await startFixtureServer((origin, pem) => ({
      '/users/alice': mastodonActor(origin, pem),
      '/@bob': mobilizonActor(origin, pem),
    }));
    chapter = await createChapter(database.db, { origin: hub.origin });
    actorUrl = `${hub.origin}/ap/chapters/${chapter.id}`;
    inbox = `${actorUrl}/inbox`;
  });
  afterAll(async () => {
    await hub?.close();
    await others?.close();
    await database?.close();
  });

  it('accepts a Mastodon-shaped Follow and answers with a signed Accept to the follower’s own inbox', async () => {
    const follow = mastodonFollow(others.origin, actorUrl);
    const res = await others.send(inbox, follow, `${others.origin}/users/alice#main-key`, hub.app);
    expect(res.status).toBe(202);
    await hub.worker.runOnce();
    const accept = others.posted.find((p) => p.body.type === 'Accept');
    expect(accept?.path).toBe('/users/alice/inbox');
    expect(accept?.signedBy).toBe(`${actorUrl}#main-key`);
    expect(accept?.body.actor).toBe(actorUrl);
    expect(accept?.body.object).toMatchObject({ id: follow.id, type: 'Follow' });
  });

  it('removes the follower on a Mastodon-shaped Undo of that Follow', async () => {
    const undo = mastodonUndoFollow(others.origin, actorUrl);
    const res = await others.send(inbox, undo, `${others.origin}/users/alice#main-key`, hub.app);
    expect(res.status).toBe(202);
    const left = await followersOf(chapter.id);
    expect(left.map((f) => f.actorId)).not.toContain(`${others.origin}/users/alice`);
  });

  it('acknowledges and ignores what a chapter has no use for', async () => {
    const like = mastodonLike(others.origin, actorUrl);
    const before = others.posted.length;
    const res = await others.send(inbox, like, `${others.origin}/users/alice#main-key`, hub.app);
    expect(res.status).toBe(202);
    await hub.worker.runOnce();
    expect(others.posted.length).toBe(before);
  });

  it('refuses unsigned and wrongly signed activities', async () => {
    const follow = mastodonFollow(others.origin, actorUrl);
    const unsigned = await others.send(inbox, follow, null, hub.app);
    expect(unsigned.status).toBe(401);
    // Signed, but the key named is not the follower's.
    const forged = await others.send(inbox, follow, `${others.origin}/@bob#main-key`, hub.app);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await followersOf(chapter.id)).toEqual([]);
  });

  it('lets a Mobilizon-shaped actor follow, and delivers the chapter’s own events to its shared inbox', async () => {
    const follow = mobilizonFollow(others.origin, actorUrl);
    const res = await others.send(inbox, follow, `${others.origin}/@bob#main-key`, hub.app);
    expect(res.status).toBe(202);
    const [bob] = await followersOf(chapter.id);
    expect(bob).toMatchObject({
      actorId: `${others.origin}/@bob`,
      inbox: `${others.origin}/@bob/inbox`,
      sharedInbox: `${others.origin}/inbox`,
    });
    await hub.worker.runOnce();

    const own = await createEvent(database.db, chapter, {
      title: { en: 'Our own meetup' },
      originInstance: hub.origin,
    });
    await createEvent(database.db, chapter, {
      title: { en: 'Mirrored from another hub' },
      sourceKind: 'instance',
      originInstance: 'https://other-hub.example',
    });
    await hub.worker.runOnce();
    const creates = others.posted.filter((p) => p.body.type === 'Create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.path).toBe('/inbox');
    expect(creates[0]!.signedBy).toBe(`${actorUrl}#main-key`);
    expect(creates[0]!.body.object).toMatchObject({
      type: 'Event',
      name: 'Our own meetup',
      url: `${hub.origin}/events/${own.id}`,
      timezone: 'Europe/London',
    });

    // Cancelling is an Update whose event says so, as Mobilizon marks it.
    const key = (await createTestKey(database.db, organiserGrants(chapter.id))).secret;
    const cancel = await hub.app.fetch(
      new Request(`${hub.origin}/v1/events/${own.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'cancelled' }),
      }),
    );
    expect(cancel.status).toBe(200);
    await hub.worker.runOnce();
    const update = others.posted.find((p) => p.body.type === 'Update');
    expect(update?.signedBy).toBe(`${actorUrl}#main-key`);
    expect(update?.body.object).toMatchObject({
      id: `${hub.origin}/ap/events/${own.id}`,
      'ical:status': 'CANCELLED',
      eventStatus: 'https://schema.org/EventCancelled',
    });
  });

  it('never fetches a follower from a private address the operator has not allowed', async () => {
    // The same hub in-process, without the loopback allow-list of the tests above.
    const closed = createTestApp(database).app;
    const privateChapter = await createChapter(database.db);
    await giveChapterKeys(database.db, privateChapter.id!);
    const target = `https://hub.test.example/ap/chapters/${privateChapter.id}`;
    const fetchedBefore = others.fetched.length;
    const res = await others.send(
      `${target}/inbox`,
      mastodonFollow(others.origin, target),
      `${others.origin}/users/alice#main-key`,
      closed,
    );
    expect(res.status).toBe(401);
    expect(others.fetched.length).toBe(fetchedBefore);
    expect(await followersOf(privateChapter.id)).toEqual([]);
  });
});
