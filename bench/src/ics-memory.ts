/**
 * Memory and event-loop lag of one cold sync by the built CLI (`otg-hub sources
 * sync`, built first when dist is stale) in a process of its own, so its peak
 * RSS is that of the process that syncs, not of the bench running from source
 * through tsx (part 3 of bench:ics).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../packages/api/src/db/rows-of.js';
import { shortEventsCalendar } from './faults-probes.js';
import { ADMIN_URL, benchDatabase, DB_NAME, feed, serveBenchFeed } from './ics-bench-setup.js';

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
export function ensureBuilt() {
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
async function syncInFreshProcess(
  events: number,
  /** The feed's document (`events` VEVENTs). */
  body: string,
  /** NODE_OPTIONS of the syncing process (none: Node's defaults). */
  nodeOptions?: string,
  /** Settings of the syncing process beyond the bench's own (e.g. SYNC_HEAP_GROWTH_PERCENT). */
  settings: Record<string, string> = {},
) {
  const database = await benchDatabase(`${DB_NAME}_once`);
  const stopServing = await serveBenchFeed(database, () => body);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}_once`;
  const env = {
    DATABASE_URL: url.toString(),
    SYNC_ALLOW_HOSTS: '127.0.0.1',
    SYNC_MAX_BYTES: String(64 * 1024 * 1024),
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'https://bench.example',
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    ...settings,
  };
  const idle = await probedCli(['sources', 'show', 'bench-feed'], env);
  const sync = await probedCli(['sources', 'sync', 'bench-feed'], env);
  stopServing();
  const [run] = rowsOf<{ outcome: string; counts: Record<string, number>; seconds: number }>(
    await database.db.execute(
      sql`select outcome, counts, extract(epoch from finished_at - started_at)::float8 as seconds
          from sync_runs where source_id = 'bench-feed' order by started_at desc limit 1`,
    ),
  );
  await database.close();
  return {
    events,
    nodeOptions: nodeOptions ?? '',
    heapGrowth: settings.SYNC_HEAP_GROWTH_PERCENT === '0' ? "V8's" : 'capped',
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

/**
 * The NODE_OPTIONS sync workers are deployed with (infra/k8s/worker.yaml), so
 * the bench also measures the process as it runs there.
 */
function deployedNodeOptions(): string {
  const manifest = readFileSync(
    fileURLToPath(new URL('../../infra/k8s/worker.yaml', import.meta.url)),
    'utf8',
  );
  const value = /name: NODE_OPTIONS, value: "([^"]*)"/.exec(manifest)?.[1];
  if (value === undefined) throw new Error('infra/k8s/worker.yaml sets no NODE_OPTIONS');
  return value;
}

/**
 * Part 3 of bench:ics: one cold sync per fresh process of the built CLI, of
 * the 5,000-event feed, of a 26 MB feed and of the 19.8 MB feed of 100,000
 * short events that bench:faults syncs inside `serve`, with Node's default
 * flags; of the 26 MB feed again with the worker deployment's NODE_OPTIONS,
 * and with V8's own heap growth (SYNC_HEAP_GROWTH_PERCENT=0) to show what the
 * process's cap on it is worth.
 */
export async function measureMemory() {
  ensureBuilt();
  const large = feed(50_000, undefined, 280);
  const runs = {
    small: await syncInFreshProcess(5_000, feed(5_000)),
    large: await syncInFreshProcess(50_000, large),
    largeAsDeployed: await syncInFreshProcess(50_000, large, deployedNodeOptions()),
    largeV8HeapGrowth: await syncInFreshProcess(50_000, large, undefined, {
      SYNC_HEAP_GROWTH_PERCENT: '0',
    }),
    shortEvents: await syncInFreshProcess(100_000, shortEventsCalendar(100_000)),
  };
  console.log(`\none cold sync per fresh process of the built CLI (${CLI} sources sync)`);
  console.table(Object.values(runs).map(({ counts: _c, ...rest }) => rest));
  return runs;
}
