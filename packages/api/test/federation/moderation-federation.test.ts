import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { chapters, events } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent, uniqueId } from '../helpers/fixtures.js';
import { type Instance, startInstance } from '../helpers/instance.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { testCtx } from '../helpers/service-ctx.js';

const [pglite, postgres] = testDatabases();

/**
 * Moderation across instances: a chapter node hides an event and the hub that
 * follows it gets the tombstone; a hub that reviews a node's events publishes
 * them only once a moderator there approves.
 */
describe('moderation between two instances', () => {
  let nodeDb: Database;
  let hubDb: Database;
  let node: Instance;
  let hub: Instance;
  let chapterId: string;
  let nodeAdmin: string;
  let hubAdmin: string;
  const sourceId = uniqueId('node-feed');

  beforeAll(async () => {
    nodeDb = await pglite!.open();
    hubDb = await (postgres ?? pglite)!.open();
    node = await startInstance(nodeDb, 'Chapter node');
    hub = await startInstance(hubDb, 'Global hub');
    chapterId = (await createChapter(nodeDb.db, { id: uniqueId('wales'), origin: node.origin })).id;
    await hubDb.db.insert(chapters).values({
      id: chapterId,
      name: { en: 'placeholder' },
      kind: 'local',
      timeZone: 'Europe/London',
      languages: ['en'],
      origin: node.origin,
    });
    nodeAdmin = (await createTestKey(nodeDb.db, [adminGrant])).secret;
    hubAdmin = (await createTestKey(hubDb.db, [adminGrant])).secret;
    await upsertSource(testCtx(hubDb.db), {
      id: sourceId,
      chapterId,
      kind: 'instance',
      url: node.origin,
    });
  });
  afterAll(async () => {
    await node?.close();
    await hub?.close();
    await nodeDb?.close();
    await hubDb?.close();
  });

  const call = (instance: Instance, key: string, method: string, path: string, body?: unknown) =>
    instance.app.fetch(
      new Request(`${instance.origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const hubEvent = async (id: string) =>
    (await hubDb.db.select().from(events).where(eq(events.id, id)))[0];
  const publicOnHub = async (id: string) =>
    (await hub.app.fetch(new Request(`${hub.origin}/v1/events/${id}`))).status;

  it('sends a hidden event to followers as a tombstone', async () => {
    const event = await createEvent(
      nodeDb.db,
      { id: chapterId, country: 'GB' },
      { originInstance: node.origin, title: { en: 'Node meetup' } },
    );
    // A second event, so that one removal is not "most of the feed" (the delete breaker).
    await createEvent(
      nodeDb.db,
      { id: chapterId, country: 'GB' },
      { originInstance: node.origin, title: { en: 'Node breakfast' } },
    );
    await hub.worker.syncNow(sourceId);
    expect(await publicOnHub(event.id)).toBe(200);

    const hidden = await call(node, nodeAdmin, 'POST', `/v1/events/${event.id}/hide`, {
      reason: 'Posted by mistake',
    });
    expect(hidden.status).toBe(200);
    const run = await hub.worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ removed: 1 });
    expect(await publicOnHub(event.id)).toBe(404);
    expect((await hubEvent(event.id))?.deletedAt).not.toBeNull();
  });

  it('holds a followed node’s new events on a hub that reviews them', async () => {
    const review = await call(hub, hubAdmin, 'PATCH', `/v1/sources/${sourceId}`, { review: true });
    expect(review.status).toBe(200);
    const event = await createEvent(
      nodeDb.db,
      { id: chapterId, country: 'GB' },
      { originInstance: node.origin, title: { en: 'Reviewed meetup' } },
    );
    const run = await hub.worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ created: 0, held: 1 });
    expect(await publicOnHub(event.id)).toBe(404);

    const queue = await call(hub, hubAdmin, 'GET', `/v1/moderation?source=${sourceId}`);
    const items = (await queue.json()) as { data: { id: string; event: { id: string } }[] };
    expect(items.data.map((i) => i.event.id)).toEqual([event.id]);
    const approved = await call(
      hub,
      hubAdmin,
      'POST',
      `/v1/moderation/${items.data[0]!.id}/approve`,
    );
    expect(approved.status).toBe(200);
    expect(await publicOnHub(event.id)).toBe(200);
    // The hub keeps the node's id and origin for it, as for any followed event.
    expect((await hubEvent(event.id))?.originInstance).toBe(node.origin);
  });
});
