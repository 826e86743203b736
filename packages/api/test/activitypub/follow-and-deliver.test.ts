import type { Event as ApEvent, Tombstone } from '@fedify/fedify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { activitypubDeliveries, activitypubFollowers } from '../../src/db/schema/index.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { startHubOnLoopback } from './helpers/hub-on-loopback.js';
import { startRemoteServer } from './helpers/remote-server.js';

const DAY = 86_400_000;

describe.each(testDatabases())('following a chapter from another server on $name', (backend) => {
  let database: Database;
  let hub: Awaited<ReturnType<typeof startHubOnLoopback>>;
  let remote: Awaited<ReturnType<typeof startRemoteServer>>;
  let organiser: string;
  let actorUrl: string;

  const api = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ id: string } | null> => {
    const res = await hub.app.fetch(
      new Request(`${hub.origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${organiser}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.status === 204 ? null : ((await res.json()) as { id: string });
  };

  beforeAll(async () => {
    database = await backend.open();
    hub = await startHubOnLoopback(database);
    remote = await startRemoteServer();
    await createChapter(database.db, { id: 'wales', name: { en: 'Wales' }, origin: hub.origin });
    organiser = (await createTestKey(database.db, organiserGrants('wales'))).secret;
    actorUrl = `${hub.origin}/ap/chapters/wales`;
  });
  afterAll(async () => {
    await hub?.close();
    await remote?.close();
    await database?.close();
  });

  it('accepts a follow at once and sends a signed Accept', async () => {
    const follow = await remote.follow(actorUrl);
    await hub.worker.runOnce();
    const [accept] = await remote.waitFor('Accept');
    expect(accept!.activity.actorId?.href).toBe(actorUrl);
    expect(accept!.activity.objectId?.href).toBe(follow.id?.href);
    expect(accept!.signedBy).toBe(`${actorUrl}#main-key`);
    const followers = await database.db
      .select()
      .from(activitypubFollowers)
      .where(eq(activitypubFollowers.chapterId, 'wales'));
    expect(followers.map((f) => f.actorId)).toEqual([remote.aliceId.href]);
  });

  it('delivers a signed Create with the Event when an event is published, an Update when it is rescheduled and a Delete when it is removed', async () => {
    const startsAt = new Date(Math.floor((Date.now() + 7 * DAY) / 60_000) * 60_000);
    const created = (await api('POST', '/v1/chapters/wales/events', {
      title: { en: 'Cardiff breakfast' },
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      timeZone: 'Europe/London',
      attendanceMode: 'inPerson',
      venue: {
        name: 'Tramshed Tech',
        address: 'Pendyris Street',
        locality: 'Cardiff',
        postalCode: 'CF11 6BH',
        country: 'GB',
        lat: 51.475,
        lng: -3.182,
        addressVisibility: 'public',
      },
    }))!;
    await hub.worker.runOnce();
    const [create] = await remote.waitFor('Create');
    expect(create!.signedBy).toBe(`${actorUrl}#main-key`);
    // One delivery per server: alice's server has a shared inbox.
    expect(create!.path).toBe('/inbox');
    const event = await (
      create!.activity as unknown as { getObject(): Promise<ApEvent> }
    ).getObject();
    expect(event.constructor.name).toBe('Event');
    expect(event.name?.toString()).toBe('Cardiff breakfast');
    expect(event.startTime?.toString()).toBe(startsAt.toISOString().replace('.000Z', 'Z'));
    expect(event.url?.toString()).toBe(`${hub.origin}/events/${created.id}`);

    const moved = new Date(startsAt.getTime() + DAY);
    await api('PATCH', `/v1/events/${created.id}`, {
      startsAt: moved.toISOString(),
      endsAt: new Date(moved.getTime() + 3_600_000).toISOString(),
    });
    await hub.worker.runOnce();
    const [update] = await remote.waitFor('Update');
    expect(update!.signedBy).toBe(`${actorUrl}#main-key`);
    const rescheduled = await (
      update!.activity as unknown as { getObject(): Promise<ApEvent> }
    ).getObject();
    expect(rescheduled.startTime?.toString()).toBe(moved.toISOString().replace('.000Z', 'Z'));

    await api('DELETE', `/v1/events/${created.id}`);
    await hub.worker.runOnce();
    const [removed] = await remote.waitFor('Delete');
    expect(removed!.signedBy).toBe(`${actorUrl}#main-key`);
    expect(removed!.activity.objectId?.href).toBe(`${hub.origin}/ap/events/${created.id}`);
    const tombstone = await (
      removed!.activity as unknown as { getObject(): Promise<Tombstone> }
    ).getObject();
    expect(tombstone.constructor.name).toBe('Tombstone');
  });

  it('stops delivering once the follower undoes its follow', async () => {
    const follow = await remote.follow(actorUrl);
    await hub.worker.runOnce();
    await remote.unfollow(actorUrl, follow);
    const followers = await database.db
      .select()
      .from(activitypubFollowers)
      .where(eq(activitypubFollowers.chapterId, 'wales'));
    expect(followers).toEqual([]);
    const before = (await database.db.select().from(activitypubDeliveries)).length;
    await api('POST', '/v1/chapters/wales/events', {
      title: { en: 'Nobody is told' },
      startsAt: new Date(Date.now() + 9 * DAY).toISOString(),
      endsAt: new Date(Date.now() + 9 * DAY + 3_600_000).toISOString(),
      timeZone: 'Europe/London',
      attendanceMode: 'online',
      onlineUrl: 'https://meet.example.org/otg',
    });
    await hub.worker.runOnce();
    expect((await database.db.select().from(activitypubDeliveries)).length).toBe(before);
  });
});
