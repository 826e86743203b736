import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, sources } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { getSourceDetail } from '../../src/services/sources/read-sources.js';
import { claimSource } from '../../src/sync/claim-source.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { startRun } from '../../src/sync/record-run.js';
import type { SyncDeps } from '../../src/sync/run-sync.js';
import { createWorker } from '../../src/sync/worker.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

/**
 * A sync whose worker dies or stalls mid-run. The process-level version (a real
 * `otg-hub` killed with SIGKILL on PostgreSQL) is sync-killed.e2e.test.ts; this
 * file covers the same rules in-process, on every database.
 */
describe.each(testDatabases())('an interrupted sync on $name', (target) => {
  let database: TestDb;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let chapterId: string;
  const start = new Date(Date.now() + 7 * 86_400_000);

  const deps = (): SyncDeps => ({
    db: database.db,
    logger: pino({ level: 'silent' }),
    selfOrigin: 'https://hub.test.example',
    now: () => new Date(),
    fetchPolicy: defaultFetchPolicy({ allowList: ['127.0.0.1', 'localhost'], userAgent: 'test' }),
    parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
  });
  const newSource = async (path: string) => {
    const id = uniqueId('feed');
    await upsertSource(testCtx(database.db), {
      id,
      chapterId,
      kind: 'ics',
      url: `${feed.url}/${path}`,
    });
    return id;
  };
  const detail = (id: string) => getSourceDetail(testCtx(database.db), id);
  const importedTitles = async (id: string) =>
    (
      await database.db.select({ title: events.title }).from(events).where(eq(events.sourceId, id))
    ).map((e) => (e.title as { en?: string }).en);

  beforeAll(async () => {
    database = await target.open();
    feed = await startFeedServer();
    chapterId = (await createChapter(database.db)).id;
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  it('marks a dead worker’s run interrupted once its lease lapses, and syncs the source again', async () => {
    const id = await newSource('dead.ics');
    // A worker claimed the source with a short lease, began its run and died.
    const dead = await claimSource(database.db, id, 'dead-worker', 1000);
    const runId = randomUUID();
    await startRun(database.db, { runId, sourceId: dead!.id, startedAt: new Date() });
    expect((await detail(id)).recentRuns[0]).toMatchObject({ id: runId, outcome: 'running' });

    // A live worker picks the abandoned source up as soon as the lease lapses.
    const worker = createWorker(deps(), { pollMs: 60_000, leaseMs: 1000 });
    while ((await detail(id)).recentRuns[0]?.outcome === 'running') {
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = await detail(id);
    expect(after).toMatchObject({ status: 'failing', consecutiveFailures: 1 });
    expect(after.recentRuns[0]).toMatchObject({ id: runId, outcome: 'interrupted' });
    expect(after.recentRuns[0]?.error).toMatch(/^interrupted: .*nothing was changed$/);
    expect(after.recentRuns[0]?.finishedAt).not.toBeNull();
    const [lease] = await database.db
      .select({ owner: sources.leaseOwner })
      .from(sources)
      .where(eq(sources.id, id));
    expect(lease?.owner).toBeNull();

    // The next sync claims it and works; the source recovers.
    feed.serveCalendar(calendar([{ uid: 'a', title: 'After the crash', start }]));
    const run = await worker.syncNow(id);
    expect(run?.outcome).toBe('success');
    expect(await detail(id)).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(await importedTitles(id)).toEqual(['After the crash']);
  });

  it('renews the lease while a run works, and drops the result of a run whose lease was taken over', async () => {
    const id = await newSource('stalled.ics');
    const held: ServerResponse[] = [];
    feed.set((_req, res) => held.push(res));

    // Worker A starts a run against a feed that does not answer yet.
    const stalled = createWorker(deps(), { pollMs: 60_000, leaseMs: 1500, workerId: 'a' });
    const leaseOf = async () =>
      (
        await database.db
          .select({ until: sources.leaseExpiresAt })
          .from(sources)
          .where(eq(sources.id, id))
      )[0]?.until?.getTime() ?? 0;
    const first = stalled.syncNow(id);
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const claimedUntil = await leaseOf();
    // Its heartbeat keeps the lease alive while it waits.
    while ((await leaseOf()) <= claimedUntil)
      await new Promise((resolve) => setTimeout(resolve, 50));

    // The lease is made to lapse (as if A had stalled past it), and worker B takes over.
    await database.db
      .update(sources)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(sources.id, id));
    // B reads the feed by another host name: fetches queue per host, and A holds this one.
    feed.serveCalendar(calendar([{ uid: 'b', title: 'From worker B', start }]));
    await database.db
      .update(sources)
      .set({ url: `${feed.url.replace('127.0.0.1', 'localhost')}/stalled.ics` })
      .where(eq(sources.id, id));
    const other = createWorker(deps(), { pollMs: 60_000, leaseMs: 60_000, workerId: 'b' });
    expect((await other.syncNow(id))?.outcome).toBe('success');

    // A finally gets its answer; its result is dropped, not applied over B's.
    held[0]!
      .writeHead(200, { 'Content-Type': 'text/calendar' })
      .end(calendar([{ uid: 'a', title: 'From worker A', start }]));
    expect((await first)?.outcome).toBe('failed');
    const runs = (await detail(id)).recentRuns.map((r) => r.outcome).sort();
    expect(runs).toEqual(['interrupted', 'success']);
    expect(await importedTitles(id)).toEqual(['From worker B']);
  });
});
