import { count, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { events, syncRuns } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { createWorker } from '../../src/sync/worker.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

const postgres = testDatabases().find((d) => d.name === 'postgres');
const SOURCES = 8;
const ITEMS = 5;

describe.skipIf(!postgres)('two sync workers against one PostgreSQL', () => {
  let first: TestDb;
  let second: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  const inFlight = new Map<string, number>();
  let maxPerSource = 0;

  beforeAll(async () => {
    first = await postgres!.open();
    second = await first.connectAgain!();
    feed = await startFeedServer();
    const chapter = await createChapter(first.db);
    const start = Date.now() + 86_400_000;
    feed.set((req, res) => {
      const path = req.url ?? '';
      const now = (inFlight.get(path) ?? 0) + 1;
      inFlight.set(path, now);
      maxPerSource = Math.max(maxPerSource, now);
      // Hold each answer briefly so the two workers really overlap.
      setTimeout(() => {
        inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
        const items = Array.from({ length: ITEMS }, (_, i) => ({
          uid: `${path}-${i}`,
          title: `Event ${i}`,
          start: new Date(start + i * 86_400_000),
        }));
        res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(calendar(items));
      }, 50);
    });
    for (let i = 0; i < SOURCES; i++) {
      await upsertSource(testCtx(first.db), {
        id: `feed-${i}`,
        chapterId: chapter.id,
        kind: 'ics',
        url: `${feed.url}/feed-${i}.ics`,
      });
    }
  });
  afterAll(async () => {
    await feed?.close();
    await second?.close();
    await first?.close();
  });

  it('never syncs one source twice at once and never imports twice', async () => {
    const make = (db: Database['db'], id: string) =>
      createWorker(
        {
          db,
          logger: pino({ level: 'silent' }),
          selfOrigin: 'https://hub.test.example',
          now: () => new Date(),
          fetchPolicy: defaultFetchPolicy({ allowList: ['127.0.0.1'], userAgent: 'test' }),
          parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
        },
        { pollMs: 60_000, leaseMs: 60_000, workerId: id },
      );
    const [a, b] = await Promise.all([
      make(first.db, 'worker-a').drain(),
      make(second.db, 'worker-b').drain(),
    ]);
    expect(a + b).toBe(SOURCES);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(maxPerSource).toBe(1);

    const runs = await first.db
      .select({ sourceId: syncRuns.sourceId, n: count() })
      .from(syncRuns)
      .groupBy(syncRuns.sourceId);
    expect(runs).toHaveLength(SOURCES);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    const [rows] = await first.db
      .select({
        n: count(),
        distinctKeys: sql<number>`count(distinct (source_id, upstream_uid))::int`,
      })
      .from(events)
      .where(eq(events.sourceKind, 'ics'));
    expect(rows).toEqual({ n: SOURCES * ITEMS, distinctKeys: SOURCES * ITEMS });
  });
});
