import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { chapters, events, membershipAggregates, sources } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent, uniqueId } from '../helpers/fixtures.js';
import { type Instance, startInstance } from '../helpers/instance.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { json } from '../helpers/member-requests.js';
import { testCtx } from '../helpers/service-ctx.js';
import { dumpEveryTable, tablesMentioning } from '../privacy/database-dump.js';

const [pglite, postgres] = testDatabases();

/**
 * A chapter runs its own node (PGlite); the hub (PostgreSQL when available)
 * follows it. Changes on the node reach the hub after a sync, with the same ids.
 */
describe('federation between two instances', () => {
  let nodeDb: Database;
  let hubDb: Database;
  let node: Instance;
  let hub: Instance;
  let chapterId: string;
  const sourceId = uniqueId('node-feed');

  beforeAll(async () => {
    nodeDb = await pglite!.open();
    hubDb = await (postgres ?? pglite)!.open();
    node = await startInstance(nodeDb, 'Chapter node');
    hub = await startInstance(hubDb, 'Global hub');
    chapterId = (await createChapter(nodeDb.db, { id: uniqueId('wales'), origin: node.origin })).id;
  });
  afterAll(async () => {
    await node?.close();
    await hub?.close();
    await nodeDb?.close();
    await hubDb?.close();
  });

  const hubEvent = async (id: string) =>
    (await hubDb.db.select().from(events).where(eq(events.id, id)))[0];
  const sync = async (instance: Instance, id: string) => {
    const run = await instance.worker.syncNow(id);
    expect(run?.outcome).not.toBe('failed');
    return run!;
  };

  it('brings a node’s chapter and events to the hub with the same ids, then updates, cancels and deletes them', async () => {
    // An operator registers the chapter on the hub before pointing a source at it; the first
    // sync then refreshes the chapter from its origin.
    await hubDb.db
      .insert(chapters)
      .values({
        id: chapterId,
        name: { en: 'placeholder' },
        kind: 'local',
        timeZone: 'Europe/London',
        languages: ['en'],
        origin: node.origin,
      })
      .onConflictDoNothing();
    await upsertSource(testCtx(hubDb.db), {
      id: sourceId,
      chapterId,
      kind: 'instance',
      url: node.origin,
    });

    const created = await createEvent(
      nodeDb.db,
      { id: chapterId, country: 'GB' },
      { originInstance: node.origin, title: { en: 'Node meetup' } },
    );
    const first = await sync(hub, sourceId);
    expect(first.counts).toMatchObject({ created: 1, rejected: 0 });
    const [hubChapter] = await hubDb.db.select().from(chapters).where(eq(chapters.id, chapterId));
    expect(hubChapter?.name).toEqual({ en: 'Test chapter' });
    expect((await hubEvent(created.id))?.title).toEqual({ en: 'Node meetup' });
    expect((await hubEvent(created.id))?.originInstance).toBe(node.origin);

    await nodeDb.db
      .update(events)
      .set({
        title: { en: 'Node meetup (new room)' },
        contentHash: 'changed',
        updatedAt: sql`now()`,
        sequence: sql`${events.sequence} + 1`,
      })
      .where(eq(events.id, created.id));
    expect((await sync(hub, sourceId)).counts).toMatchObject({ updated: 1 });
    expect((await hubEvent(created.id))?.title).toEqual({ en: 'Node meetup (new room)' });

    await nodeDb.db
      .update(events)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(eq(events.id, created.id));
    await sync(hub, sourceId);
    expect((await hubEvent(created.id))?.status).toBe('cancelled');

    // A second event keeps the removal below the "more than half" review threshold.
    await createEvent(nodeDb.db, { id: chapterId, country: 'GB' }, { originInstance: node.origin });
    await createEvent(nodeDb.db, { id: chapterId, country: 'GB' }, { originInstance: node.origin });
    await sync(hub, sourceId);
    await nodeDb.db
      .update(events)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(events.id, created.id));
    expect((await sync(hub, sourceId)).counts).toMatchObject({ removed: 1 });
    expect((await hubEvent(created.id))?.deletedAt).toBeInstanceOf(Date);
    const response = await hub.app.request(`/v1/events/${created.id}`);
    expect(response.status).toBe(404);
  });

  it('re-syncing unchanged input writes nothing', async () => {
    const again = await sync(hub, sourceId);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });

  it('reads a node from the start when its source was an iCalendar feed before', async () => {
    // An iCalendar source keeps its last document's digest where a node's source keeps its
    // position; the kind can change under the same URL, which keeps that value.
    const switched = uniqueId('was-ics');
    await upsertSource(testCtx(hubDb.db), {
      id: switched,
      chapterId,
      kind: 'ics',
      url: node.origin,
    });
    await hubDb.db
      .update(sources)
      .set({ feedCursor: `sha256:${'0'.repeat(64)} 2026-01-01T00:00:00.000000Z` })
      .where(eq(sources.id, switched));
    await upsertSource(testCtx(hubDb.db), {
      id: switched,
      chapterId,
      kind: 'instance',
      url: node.origin,
    });
    const run = await sync(hub, switched);
    expect(run.outcome).toBe('success');
  });

  it('never loops when the node also follows the hub', async () => {
    const back = uniqueId('hub-feed');
    await upsertSource(testCtx(nodeDb.db), {
      id: back,
      chapterId,
      kind: 'instance',
      url: hub.origin,
    });
    const before = await nodeDb.db.select({ n: sql<number>`count(*)::int` }).from(events);
    for (let round = 0; round < 3; round++) {
      const nodeRun = await sync(node, back);
      expect(nodeRun.counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
      const hubRun = await sync(hub, sourceId);
      expect(hubRun.counts).toMatchObject({ created: 0, updated: 0, removed: 0 });
    }
    const after = await nodeDb.db.select({ n: sql<number>`count(*)::int` }).from(events);
    expect(after).toEqual(before);
  });

  it('copies the node’s membership aggregates to the hub, never a member record', async () => {
    const { secret } = await createTestKey(nodeDb.db, organiserGrants(chapterId));
    const onNode = (method: string, path: string, body?: unknown) =>
      node.app.request(path, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const people = [
      { name: 'Nia Public', email: 'nia.public@node.example', role: 'organiser' },
      { name: 'Owain Private', email: 'owain.private@node.example' },
    ];
    const ids: string[] = [];
    for (const person of people)
      ids.push((await json(await onNode('POST', `/v1/chapters/${chapterId}/members`, person))).id);
    await onNode('PUT', `/v1/members/${ids[0]}/consents/publicProfile`, {
      granted: true,
      noticeVersion: 'v1',
    });
    const figures = async (instance: Instance) =>
      json(await instance.app.request(`/v1/chapters/${chapterId}/membership`));

    await sync(hub, sourceId);
    const onHub = await figures(hub);
    expect(onHub).toEqual(await figures(node));
    expect(onHub).toMatchObject({ memberCount: 2, organiserCount: 1 });
    expect(onHub.publicProfiles).toEqual([
      { id: ids[0], name: 'Nia Public', role: 'organiser', organisation: null },
    ]);
    const [row] = await hubDb.db
      .select()
      .from(membershipAggregates)
      .where(eq(membershipAggregates.chapterId, chapterId));
    expect(row?.origin).toBe(node.origin);
    const totals = await json(await hub.app.request('/v1/membership'));
    expect(totals.chapters).toContainEqual(
      expect.objectContaining({ chapterId, origin: node.origin, memberCount: 2 }),
    );

    await onNode('POST', `/v1/chapters/${chapterId}/members`, {
      name: 'Rhys Third',
      email: 'rhys@node.example',
    });
    await sync(hub, sourceId);
    expect(await figures(hub)).toMatchObject({ memberCount: 3 });
    expect((await onNode('POST', `/v1/members/${ids[0]}/erasure`)).status).toBe(204);
    await sync(hub, sourceId);
    expect(await figures(hub)).toMatchObject({
      memberCount: 2,
      organiserCount: 0,
      publicProfiles: [],
    });

    const dump = await dumpEveryTable(hubDb.db);
    expect(tablesMentioning(dump, 'Nia Public')).toEqual([]);
    expect(tablesMentioning(dump, '@node.example')).toEqual([]);
    expect(tablesMentioning(dump, 'Owain')).toEqual([]);
    expect(dump.get('members')).toEqual([]);

    const stamp = async () =>
      (
        await hubDb.db
          .select({ at: membershipAggregates.updatedAt })
          .from(membershipAggregates)
          .where(eq(membershipAggregates.chapterId, chapterId))
      )[0]?.at.getTime();
    const settled = await stamp();
    await sync(hub, sourceId);
    expect(await stamp()).toBe(settled);
  });
});
