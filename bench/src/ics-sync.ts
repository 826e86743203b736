/**
 * iCalendar import benchmark, in one run with its own baselines:
 *   1. parse throughput of 5k and 20k-VEVENT feeds (with weekly series) and the 20k/5k
 *      time ratio (4 = linear);
 *   2. a 5,000-VEVENT feed synced end to end into PostgreSQL through a real loopback
 *      HTTP server: cold, then unchanged (the server ignores If-None-Match, so the whole
 *      feed is fetched, parsed and diffed), then with one event changed.
 *   3. memory and event-loop lag of one cold sync, each by the built CLI (`otg-hub
 *      sources sync`, built first when dist is stale) in a process of its own, so its
 *      peak RSS is that of the process that syncs, not of this bench running from source
 *      through tsx: the 5,000-event feed, and a 50,000-event feed of about 26 MB (the
 *      default maxEvents); lag is sampled with monitorEventLoopDelay in that process,
 *      from its start (bench:faults measures it inside `serve`).
 * Prints seconds, peak RSS and rows written, and writes bench/results/ics-latest.json.
 * The API is built first (when stale), so the syncs of part 2 start their parse worker
 * from the build, as production does, not through tsx.
 *
 *   pnpm --filter @oneteamgov/bench run bench:ics
 *   BENCH_ICS_ONLY=sync …   part 2 only (no results file)
 *   BENCH_ICS_ONLY=memory … part 3 only (no results file)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import postgres from 'postgres';
import { openDatabase } from '../../packages/api/src/db/client.js';
import { chapters } from '../../packages/api/src/db/schema/index.js';
import { systemCtx } from '../../packages/api/src/services/context.js';
import { upsertSource } from '../../packages/api/src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../packages/api/src/sync/fetch/index.js';
import { parseIcs } from '../../packages/api/src/sync/ics/index.js';
import { createWorker } from '../../packages/api/src/sync/worker.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'otg_bench_ics';
const MIGRATIONS = fileURLToPath(new URL('../../packages/api/drizzle', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00Z`;

/** `count` VEVENTs from today on; one in ten is a weekly series of four with an EXDATE. */
function feed(count: number, changedTitle?: string, descriptionBytes = 0): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', 'X-WR-CALNAME:Bench'];
  const base = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate() + 1,
    17,
  );
  for (let n = 0; n < count; n++) {
    const start = new Date(base + (n % 300) * 86_400_000 + (n % 7) * 3_600_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:bench-${n}@example.org`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 5_400_000))}`,
      // Event 1 is a one-off (every tenth is a series), so changing it is one row.
      `SUMMARY:${n === 1 && changedTitle ? changedTitle : `Bench event ${n}`}`,
      `DESCRIPTION:Event number ${n} of the benchmark feed.${' Agenda and notes.'.repeat(Math.ceil(descriptionBytes / 17))}`,
      'LOCATION:Community hall',
    );
    if (n % 10 === 0) {
      lines.push(
        'RRULE:FREQ=WEEKLY;COUNT=4',
        `EXDATE:${stamp(new Date(start.getTime() + 7 * 86_400_000))}`,
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

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

/** Sets up a fresh database with the bench chapter. */
async function benchDatabase(name: string) {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), migrationsFolder: MIGRATIONS });
  await database.migrate();
  await database.db.insert(chapters).values({
    id: 'bench',
    name: { en: 'Bench chapter' },
    kind: 'local',
    timeZone: 'Europe/London',
    languages: ['en'],
    origin: 'https://bench.example',
  });
  return database;
}

/**
 * The built CLI (`otg-hub`), as production runs it. BENCH_ICS_CLI names another
 * build's dist/main.js (e.g. of an earlier commit) to measure it the same way.
 */
const CLI =
  process.env.BENCH_ICS_CLI ??
  fileURLToPath(new URL('../../packages/api/dist/main.js', import.meta.url));
/** What the API's build is made from (the schema package is bundled into it). */
const SOURCES = ['../../packages/api/src/', '../../packages/schema/src/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

/** Builds the API when dist/main.js is missing or older than any of its sources. */
function ensureBuilt() {
  if (process.env.BENCH_ICS_CLI) return;
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  const newest = SOURCES.flatMap((dir) =>
    (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => statSync(`${dir}${f}`).mtimeMs),
  ).reduce((max, t) => Math.max(max, t), 0);
  if (built >= newest) return;
  console.log('building the API (dist is older than its sources)');
  const build = spawnSync('npx', ['-y', 'pnpm@10.34.8', '--filter', '@oneteamgov/api', 'build'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the API build failed');
}

/**
 * Loaded with --import into the measured process: its peak RSS and event-loop
 * lag, printed on exit. Inline, so the process runs nothing else of the bench.
 */
const PROBE = `data:text/javascript,${encodeURIComponent(`
  import { monitorEventLoopDelay as delay } from "node:perf_hooks";
  const lag = delay({ resolution: 10 });
  lag.enable();
  // Where the memory is: this thread's heap, and memory outside any heap (buffers, worker heaps).
  let heapMb = 0;
  let outsideMb = 0;
  setInterval(() => {
    const m = process.memoryUsage();
    heapMb = Math.max(heapMb, m.heapTotal / 1048576);
    outsideMb = Math.max(outsideMb, (m.rss - m.heapTotal) / 1048576);
  }, 50).unref();
  process.on("exit", () => process.stderr.write("\\nBENCH-PROBE " + JSON.stringify({
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    mainHeapPeakMb: Math.round(heapMb),
    outsideMainHeapPeakMb: Math.round(outsideMb),
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  }) + "\\n"));
`)}`;

/** Runs the built CLI with the probe (asynchronously: this process serves the feed). */
async function probedCli(args: string[], env: Record<string, string>) {
  // BENCH_ICS_NODE_ARGS: extra node flags for the measured process (e.g. --cpu-prof to profile it).
  const flags = (process.env.BENCH_ICS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', PROBE, CLI, ...args], {
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = /BENCH-PROBE (\{.*\})/.exec(stderr)?.[1];
  if (!line || code !== 0)
    throw new Error(`otg-hub ${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`);
  return {
    output: stdout,
    probe: JSON.parse(line) as {
      peakRssMb: number;
      mainHeapPeakMb: number;
      outsideMainHeapPeakMb: number;
      lagP99Ms: number;
      lagMaxMs: number;
    },
  };
}

/**
 * One cold sync of a generated feed by the built CLI (`otg-hub sources sync`)
 * in a process of its own, with the production parse budget and a byte cap
 * raised to the feed's size (SYNC_MAX_BYTES): the peak RSS and event-loop lag
 * are those of the process that syncs, not of this bench (which runs from
 * source through tsx, generates the feed and serves it). rssBeforeSyncMb is the
 * peak RSS of the same CLI showing the source: everything but the sync.
 */
async function syncInFreshProcess(events: number, descriptionBytes: number) {
  const database = await benchDatabase(`${DB_NAME}_once`);
  const body = feed(events, undefined, descriptionBytes);
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
  await upsertSource(
    systemCtx(database.db, 'https://bench.example', () => new Date()),
    { id: 'bench-feed', chapterId: 'bench', kind: 'ics', url: feedUrl },
  );
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}_once`;
  const env = {
    DATABASE_URL: url.toString(),
    SYNC_ALLOW_HOSTS: '127.0.0.1',
    SYNC_MAX_BYTES: String(64 * 1024 * 1024),
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'https://bench.example',
  };
  const idle = await probedCli(['sources', 'show', 'bench-feed'], env);
  const sync = await probedCli(['sources', 'sync', 'bench-feed'], env);
  server.close();
  const [run] = (await database.db
    .execute<{ outcome: string; counts: Record<string, number>; seconds: number }>(
      sql`select outcome, counts, extract(epoch from finished_at - started_at)::float8 as seconds
          from sync_runs where source_id = 'bench-feed' order by started_at desc limit 1`,
    )
    .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as {
    outcome: string;
    counts: Record<string, number>;
    seconds: number;
  }[];
  await database.close();
  return {
    events,
    feedMb: Number((Buffer.byteLength(body) / 1024 / 1024).toFixed(1)),
    seconds: Number((run?.seconds ?? Number.NaN).toFixed(2)),
    outcome: run?.outcome,
    counts: run?.counts,
    rssBeforeSyncMb: idle.probe.peakRssMb,
    peakRssMb: sync.probe.peakRssMb,
    mainHeapPeakMb: sync.probe.mainHeapPeakMb,
    outsideMainHeapPeakMb: sync.probe.outsideMainHeapPeakMb,
    lagP99Ms: Number(sync.probe.lagP99Ms.toFixed(1)),
    lagMaxMs: Number(sync.probe.lagMaxMs.toFixed(1)),
  };
}

/** BENCH_ICS_ONLY=memory: only part 3 (e.g. to compare two builds with BENCH_ICS_CLI); writes no results file. */
async function memoryOnly() {
  ensureBuilt();
  const runs = [await syncInFreshProcess(5_000, 0), await syncInFreshProcess(50_000, 280)];
  console.log(`one cold sync per fresh process of ${CLI}`);
  console.table(runs.map(({ counts: _c, ...rest }) => rest));
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
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
  await upsertSource(
    systemCtx(database.db, 'https://bench.example', () => new Date()),
    { id: 'bench-feed', chapterId: 'bench', kind: 'ics', url: feedUrl },
  );
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
      .execute<{ n: number }>(
        sql`select count(*)::int as n from events where updated_at > ${since}::timestamptz`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    return row?.n ?? 0;
  };
  const step = async (name: string) => {
    const [{ now }] = (await database.db
      .execute<{ now: string }>(sql`select now()::text as now`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: { now: string }[] }).rows))) as [
      { now: string },
    ];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const run = await worker.syncNow('bench-feed');
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
  server.close();
  await database.close();

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (syncOnly) {
    console.table([cold, unchanged, oneChange].map(({ counts: _c, ...rest }) => rest));
    return;
  }

  // 3. Memory and event-loop lag, each sync by the built CLI in a process of its own.
  const memory5k = await syncInFreshProcess(5_000, 0);
  const memory19mb = await syncInFreshProcess(50_000, 280);
  console.log('\none cold sync per fresh process of the built CLI (otg-hub sources sync)');
  console.table([memory5k, memory19mb].map(({ counts: _c, ...rest }) => rest));

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
    [cold, unchanged, oneChange].map((s) => ({
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
    `${JSON.stringify({ at: new Date().toISOString(), parsing, sync: [cold, unchanged, oneChange], peakRssMb, memory: [memory5k, memory19mb], targets }, null, 2)}\n`,
  );
}

if (process.env.BENCH_ICS_ONLY === 'memory') await memoryOnly();
else if (process.env.BENCH_ICS_ONLY === 'sync') await main({ syncOnly: true });
else await main();
process.exit(0);
