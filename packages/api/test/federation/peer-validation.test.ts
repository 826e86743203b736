import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { events, sources } from '../../src/db/schema/index.js';
import { withDefaults } from '../../src/services/events/upsert-rows.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { applySnapshot } from '../../src/sync/apply-snapshot.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { stageBatch } from '../../src/sync/stage-rows.js';
import { createWorker } from '../../src/sync/worker.js';
import { testDatabases } from '../helpers/databases.js';
import { startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

const PEER = 'https://peer.example.org';

function peerEvent(id: string, chapterId: string, extra: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 86_400_000);
  return {
    id,
    chapterId,
    title: { en: `Peer event ${id}` },
    summary: null,
    description: null,
    inLanguage: ['en'],
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    timeZone: 'Europe/London',
    localStartsAt: '2030-01-01T10:00:00+00:00',
    localEndsAt: '2030-01-01T11:00:00+00:00',
    allDay: false,
    status: 'scheduled',
    previousStartsAt: null,
    attendanceMode: 'online',
    venue: null,
    onlineUrl: null,
    registrationUrl: null,
    capacity: null,
    tags: [],
    principles: [],
    accessibility: { features: [], notes: null },
    series: null,
    provenance: {
      sourceKind: 'push',
      sourceId: null,
      upstreamUid: null,
      originInstance: PEER,
      lastSeenAt: null,
    },
    sequence: 0,
    createdAt: start.toISOString(),
    updatedAt: start.toISOString(),
    ...extra,
  };
}

describe.each(testDatabases())('data from peers on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let worker: ReturnType<typeof createWorker>;
  let chapterId: string;

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    chapterId = (await createChapter(database.db, { origin: PEER })).id;
    worker = createWorker(
      {
        db: database.db,
        logger: pino({ level: 'silent' }),
        selfOrigin: 'https://hub.test.example',
        now: () => new Date(),
        fetchPolicy: defaultFetchPolicy({ allowList: ['127.0.0.1'], userAgent: 'test' }),
        parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
      },
      { pollMs: 60_000, leaseMs: 60_000 },
    );
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  it('validates every item with the API schemas and rejects bad ones alone', async () => {
    const change = (data: unknown, id = (data as { id: string }).id) => ({
      kind: 'event',
      id,
      state: 'updated',
      modified: new Date().toISOString(),
      origin: PEER,
      data,
    });
    const items = [
      change(peerEvent('good-1', chapterId)),
      change(peerEvent('unknown-field', chapterId, { isAdmin: true })),
      change(peerEvent('wrong-type', chapterId, { capacity: 'lots' })),
      change(
        peerEvent('too-many-tags', chapterId, {
          tags: Array.from({ length: 500 }, (_, i) => `t${i}`),
        }),
      ),
      JSON.parse(
        `{"kind":"event","id":"proto","state":"updated","modified":"${new Date().toISOString()}","origin":"${PEER}","__proto__":{"polluted":true},"data":null}`,
      ),
      change(peerEvent('bad-zone', chapterId, { timeZone: 'Mars/Olympus' })),
      change(peerEvent('good-2', chapterId)),
    ];
    feed.set((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // JSON.parse made "__proto__" an own property, so it reaches the wire as a key.
      res.end(JSON.stringify({ data: items, nextCursor: null, resumeCursor: 'abc' }));
    });
    const sourceId = uniqueId('peer');
    await upsertSource(testCtx(database.db), {
      id: sourceId,
      chapterId,
      kind: 'instance',
      url: feed.url,
    });
    const run = await worker.syncNow(sourceId);
    expect(run?.outcome).toBe('success');
    expect(run?.counts).toMatchObject({ fetched: 7, created: 2, rejected: 5 });
    const stored = await database.db
      .select({ id: events.id })
      .from(events)
      .where(eq(events.sourceId, sourceId));
    expect(stored.map((r) => r.id).sort()).toEqual(['good-1', 'good-2']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes the later entry when a record appears twice in one run, and restarts a re-pointed source', async () => {
    const change = (title: string) => ({
      kind: 'event',
      id: 'twice',
      state: 'updated',
      modified: new Date().toISOString(),
      origin: PEER,
      data: peerEvent('twice', chapterId, { title: { en: title } }),
    });
    feed.set((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          data: [change('First'), change('Second')],
          nextCursor: null,
          resumeCursor: 'pos-1',
        }),
      );
    });
    const sourceId = uniqueId('twice');
    const ctx = testCtx(database.db);
    await upsertSource(ctx, { id: sourceId, chapterId, kind: 'instance', url: feed.url });
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ created: 1 });
    const [row] = await database.db
      .select({ title: events.title })
      .from(events)
      .where(eq(events.id, 'twice'));
    expect(row?.title).toEqual({ en: 'Second' });

    const [kept] = await database.db.select().from(sources).where(eq(sources.id, sourceId));
    expect(kept?.feedCursor).toBe('pos-1');
    await upsertSource(ctx, {
      id: sourceId,
      chapterId,
      kind: 'instance',
      url: `${feed.url}/elsewhere`,
    });
    const [moved] = await database.db.select().from(sources).where(eq(sources.id, sourceId));
    expect(moved?.feedCursor).toBeNull();
  });

  it('a run that fails mid-way (a crash) leaves the previous state', async () => {
    const sourceId = uniqueId('crash');
    await upsertSource(testCtx(database.db), {
      id: sourceId,
      chapterId,
      kind: 'ics',
      url: `${feed.url}/x.ics`,
    });
    const row = {
      id: uniqueId('evt'),
      chapterId,
      title: { en: 'Never written' },
      startsAt: new Date(),
      endsAt: new Date(),
      timeZone: 'UTC',
      originInstance: PEER,
      sourceId,
      contentHash: 'h',
    };
    const runId = uniqueId('run');
    await stageBatch(
      database.db,
      { runId, sourceId },
      JSON.stringify([
        {
          id: row.id,
          ord: 0,
          hash: 'h',
          uid: 'u',
          startsAt: row.startsAt,
          row: withDefaults(row),
          event: {},
        },
      ]),
    );
    await expect(
      applySnapshot(testCtx(database.db), {
        sourceId,
        runId,
        staged: 1,
        rejections: [],
        keepUids: new Set(),
        fetched: 1,
        window: { from: new Date(0), to: new Date(Date.now() + 86_400_000) },
        now: new Date(),
        allowMassRemoval: false,
        finalize: async () => {
          throw new Error('worker crashed before the run was recorded');
        },
      }),
    ).rejects.toThrow(/crashed/);
    expect(await database.db.select().from(events).where(eq(events.id, row.id))).toEqual([]);
  });
});
