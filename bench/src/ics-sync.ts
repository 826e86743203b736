/**
 * iCalendar import benchmark, in one run with its own baselines:
 *   1. parse throughput of 5k and 20k-VEVENT feeds (with weekly series) and the 20k/5k
 *      time ratio (4 = linear);
 *   2. a 5,000-VEVENT feed synced end to end into PostgreSQL through a real loopback
 *      HTTP server: cold, then unchanged (the server ignores If-None-Match, so the whole
 *      feed is fetched, parsed and diffed), then with one event changed; then the
 *      same feed as a second source of the same process, all of it new again but
 *      with the parse worker already warm (a long-running worker's usual case;
 *      reported, no target of its own).
 *   3. memory and event-loop lag of one cold sync, each by the built CLI (`otg-hub
 *      sources sync`, built first when dist is stale) in a process of its own, so its
 *      peak RSS is that of the process that syncs, not of this bench running from source
 *      through tsx: the 5,000-event feed, and a 50,000-event feed of about 26 MB (the
 *      default maxEvents) with Node's default flags and with the worker deployment's
 *      NODE_OPTIONS; lag is sampled with monitorEventLoopDelay in that process, from
 *      its start (bench:faults measures it inside `serve`); see ics-memory.ts.
 * Prints seconds, peak RSS and rows written, and writes bench/results/ics-latest.json.
 * The API is built first (when stale), so the syncs of part 2 start their parse worker
 * from the build, as production does, not through tsx.
 *
 *   pnpm --filter @oneteamgov/bench run bench:ics
 *   BENCH_ICS_ONLY=sync …   part 2 only (no results file)
 *   BENCH_ICS_ONLY=memory … part 3 only (no results file)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { rowsOf } from '../../packages/api/src/db/rows-of.js';
import { defaultFetchPolicy } from '../../packages/api/src/sync/fetch/index.js';
import { parseIcs } from '../../packages/api/src/sync/ics/index.js';
import { createWorker } from '../../packages/api/src/sync/worker.js';
import { benchDatabase, DB_NAME, feed, serveBenchFeed } from './ics-bench-setup.js';
import { ensureBuilt, measureMemory } from './ics-memory.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
/** The same feed again, as another source: every row new, the parse worker warm. */
const SECOND_SOURCE = 'bench-feed-again';

const OPTIONS = {
  window: {
    from: new Date(Date.now() - 30 * 86_400_000),
    to: new Date(Date.now() + 400 * 86_400_000),
  },
  maxOccurrencesPerEvent: 500,
  maxEvents: 1_000_000,
  defaultTimeZone: 'Europe/London',
  defaultLanguage: 'en',
};

function timeParse(text: string, rounds = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    parseIcs(text, OPTIONS);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main({ syncOnly = false } = {}) {
  // 1. Parsing: throughput and linearity.
  const small = feed(5_000);
  const large = feed(20_000);
  const ms5k = syncOnly ? Number.NaN : timeParse(small);
  const ms20k = syncOnly ? Number.NaN : timeParse(large);
  const parsing = {
    events5k: 5_000,
    ms5k: Math.round(ms5k),
    eventsPerSecond5k: Math.round(5_000 / (ms5k / 1000)),
    ms20k: Math.round(ms20k),
    eventsPerSecond20k: Math.round(20_000 / (ms20k / 1000)),
    ratio20kTo5k: Number((ms20k / ms5k).toFixed(2)),
  };

  // 2. End to end into PostgreSQL. Built first: the parse worker then starts from the build,
  // as in production, not through tsx (worker-script.ts).
  ensureBuilt();
  const database = await benchDatabase(DB_NAME);

  let body = small;
  const stopServing = await serveBenchFeed(database, () => body, ['bench-feed', SECOND_SOURCE]);
  const worker = createWorker(
    {
      db: database.db,
      logger: pino({ level: process.env.BENCH_ICS_LOG ?? 'silent' }),
      selfOrigin: 'https://bench.example',
      now: () => new Date(),
      fetchPolicy: defaultFetchPolicy({
        allowList: ['127.0.0.1'],
        userAgent: 'bench',
        maxBytes: 64 * 1024 * 1024,
      }),
      parseBudget: { timeoutMs: 60_000, maxHeapMb: 1024 },
    },
    { pollMs: 60_000, leaseMs: 600_000 },
  );

  const rowsWrittenSince = async (since: string) => {
    const [row] = await database.db
      .execute(sql`select count(*)::int as n from events where updated_at > ${since}::timestamptz`)
      .then((r) => rowsOf<{ n: number }>(r));
    return row?.n ?? 0;
  };
  const step = async (name: string, sourceId = 'bench-feed') => {
    const [{ now }] = rowsOf<{ now: string }>(
      await database.db.execute(sql`select now()::text as now`),
    ) as [{ now: string }];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const run = await worker.syncNow(sourceId);
    const seconds = (performance.now() - t0) / 1000;
    // CPU of this process (the syncing thread and the parse worker; not PostgreSQL's): on a
    // shared, loaded machine it moves much less than the wall time.
    const cpu = process.cpuUsage(cpu0);
    return {
      step: name,
      seconds: Number(seconds.toFixed(3)),
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
      outcome: run?.outcome,
      counts: run?.counts,
      rowsWritten: await rowsWrittenSince(now),
    };
  };

  const cold = await step('cold');
  const unchanged = await step('unchanged re-sync');
  body = feed(5_000, 'Bench event 1 (moved)');
  const oneChange = await step('one event changed');
  const coldWarmWorker = await step('cold, parse worker warm', SECOND_SOURCE);
  stopServing();
  await database.close();

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (syncOnly) {
    console.table(
      [cold, unchanged, oneChange, coldWarmWorker].map(({ counts: _c, ...rest }) => rest),
    );
    return;
  }

  // 3. Memory and event-loop lag, each sync by the built CLI in a process of its own.
  const { small: memory5k, large: memory19mb, largeAsDeployed } = await measureMemory();

  const targets = [
    {
      target: 'cold sync of the 5,000-event feed: peak RSS ≤ 256 MB',
      actual: `${memory5k.peakRssMb} MB`,
      pass: memory5k.peakRssMb <= 256,
    },
    {
      target: `cold sync of a ${memory19mb.feedMb} MB feed: peak RSS ≤ 256 MB`,
      actual: `${memory19mb.peakRssMb} MB`,
      pass: memory19mb.peakRssMb <= 256,
    },
    {
      target: `the same with the worker deployment's NODE_OPTIONS (${largeAsDeployed.nodeOptions}): peak RSS ≤ 256 MB`,
      actual: `${largeAsDeployed.peakRssMb} MB`,
      pass: largeAsDeployed.peakRssMb <= 256,
    },
    {
      target: `event-loop lag p99 ≤ 50 ms while the ${memory19mb.feedMb} MB feed syncs`,
      actual: `${memory19mb.lagP99Ms} ms (max ${memory19mb.lagMaxMs} ms)`,
      pass: memory19mb.lagP99Ms <= 50,
    },
    {
      target: '5,000-event feed synced cold ≤ 1 s',
      actual: `${cold.seconds} s`,
      pass: cold.seconds <= 1,
    },
    {
      target: 'parsing ≥ 15k events/s',
      actual: `${parsing.eventsPerSecond5k}/s (5k), ${parsing.eventsPerSecond20k}/s (20k)`,
      pass: Math.min(parsing.eventsPerSecond5k, parsing.eventsPerSecond20k) >= 15_000,
    },
    {
      target: 'linear: 20k ≤ 5 × 5k time',
      actual: `${parsing.ratio20kTo5k}×`,
      pass: parsing.ratio20kTo5k <= 5,
    },
    {
      target: 'unchanged re-sync writes 0 rows',
      actual: `${unchanged.rowsWritten} rows`,
      pass: unchanged.rowsWritten === 0,
    },
    {
      target: 'one change writes 1 event row',
      actual: `${oneChange.rowsWritten} rows`,
      pass: oneChange.rowsWritten === 1,
    },
  ];

  console.log('\niCalendar import');
  console.table(
    [cold, unchanged, oneChange, coldWarmWorker].map((s) => ({
      step: s.step,
      seconds: s.seconds,
      cpuSeconds: s.cpuSeconds,
      outcome: s.outcome,
      created: s.counts?.created,
      updated: s.counts?.updated,
      unchanged: s.counts?.unchanged,
      rowsWritten: s.rowsWritten,
    })),
  );
  console.log(
    `parse: 5k in ${parsing.ms5k} ms (${parsing.eventsPerSecond5k}/s), 20k in ${parsing.ms20k} ms (${parsing.eventsPerSecond20k}/s), ratio ${parsing.ratio20kTo5k}; peak RSS ${peakRssMb} MB`,
  );
  console.table(targets.map((t) => ({ ...t, pass: t.pass ? 'PASS' : 'FAIL' })));

  await mkdir(RESULTS, { recursive: true });
  await writeFile(
    `${RESULTS}ics-latest.json`,
    `${JSON.stringify({ at: new Date().toISOString(), parsing, sync: [cold, unchanged, oneChange, coldWarmWorker], peakRssMb, memory: [memory5k, memory19mb, largeAsDeployed], targets }, null, 2)}\n`,
  );
}

if (process.env.BENCH_ICS_ONLY === 'memory') await measureMemory();
else if (process.env.BENCH_ICS_ONLY === 'sync') await main({ syncOnly: true });
else await main();
process.exit(0);
