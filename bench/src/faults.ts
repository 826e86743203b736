/**
 * `pnpm bench:faults`: how the built server (`packages/api/dist/main.js serve`)
 * behaves under faults, on a private PostgreSQL cluster of its own
 * (pg_createcluster on a free port; needs root and the PostgreSQL server
 * binaries, as the chaos tests do). Three figures, each from real processes:
 *
 *   1. restart recovery: 8 clients read in a loop while PostgreSQL is stopped
 *      for 3 s and started again; how long after it accepts connections every
 *      request succeeds again, how failures were answered, the slowest request
 *      and how fast /readyz said 503 (3 restarts);
 *   2. drain: SIGTERM with N requests held in flight (20, then 100); how many
 *      were dropped, and how long the drain took;
 *   3. event-loop lag: a 100,000-event feed synced by the worker inside `serve`
 *      while /healthz is probed every 10 ms; the probe latency's p50/p99/max,
 *      Node's own event-loop lag p99 from /metrics, and the serve process's
 *      peak RSS. FAULTS_ONLY=lag runs only this part.
 *
 * Timings live here, never in tests. Writes bench/results/faults-latest.json.
 * Build the API first: `pnpm --filter @oneteamgov/api build`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAIN, runCli, startServerProcess } from '../../packages/api/test/e2e/spawn-server.js';
import {
  createPrivateCluster,
  privateClustersAvailable,
} from '../../packages/api/test/helpers/private-postgres.js';
import { log } from './bench-log.js';
import { holdInFlight, loadLoop, percentile, prober, serveCalendar } from './faults-probes.js';
import { BENCH_DIR } from './servers/spawn.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${Math.round(value)} ms`;

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

async function adminSecret(env: Record<string, string>): Promise<string> {
  const created = await runCli(['keys', 'create', '--name', 'Fault bench', '--admin'], env);
  if (created.code !== 0) throw new Error(created.output);
  return JSON.parse(created.output.slice(0, created.output.lastIndexOf('}') + 1)).secret;
}

async function restartRecovery(url: string) {
  const server = await startServerProcess({
    DATABASE_URL: url,
    WORKER: 'off',
    RATE_LIMIT_ANONYMOUS: '1000000',
  });
  const cycles = [];
  try {
    for (let cycle = 1; cycle <= 3; cycle++) {
      const load = loadLoop(`${server.baseUrl}/v1/events?limit=5`, 8);
      await sleep(2_000);
      const down = performance.now();
      await cluster.stop();
      await sleep(1_000);
      const readyStarted = performance.now();
      const ready = await fetch(`${server.baseUrl}/readyz`);
      const readyMs = performance.now() - readyStarted;
      await sleep(2_000);
      const starting = performance.now();
      await cluster.start();
      // pg_ctl returns once PostgreSQL accepts connections.
      const back = performance.now();
      await sleep(8_000);
      await load.stop();
      const during = load.probes.filter((p) => p.ended > down);
      const failures = during.filter((p) => p.status !== 200);
      const lastFailure = Math.max(back, ...failures.map((p) => p.ended));
      const result = {
        cycle,
        requests: during.length,
        failures: failures.length,
        failuresNot503: failures.filter((p) => p.status !== 503).length,
        slowestRequestMs: Math.max(...during.map((p) => p.ended - p.started)),
        readyzStatus: ready.status,
        readyzMs: readyMs,
        postgresStartMs: back - starting,
        fullSuccessAfterMs: Math.max(0, lastFailure - back),
        firstSuccessAfterMs:
          Math.min(
            ...during.filter((p) => p.started >= back && p.status === 200).map((p) => p.ended),
          ) - back,
      };
      log(
        `restart ${cycle}: ${result.failures} of ${result.requests} refused (${result.failuresNot503} not 503), ` +
          `slowest ${ms(result.slowestRequestMs)}, /readyz ${result.readyzStatus} in ${ms(readyMs)}, ` +
          `PostgreSQL took ${ms(result.postgresStartMs)} to start; 100 % success ` +
          `${ms(result.fullSuccessAfterMs)} after it accepted connections (first success after ${ms(result.firstSuccessAfterMs)})`,
      );
      cycles.push(result);
    }
  } finally {
    await server.stop();
  }
  return cycles;
}

async function drain(url: string, inFlight: number) {
  const env = { DATABASE_URL: url, WORKER: 'inline', RATE_LIMIT_KEY: '1000000' };
  const secret = await adminSecret(env);
  const server = await startServerProcess(env);
  const held = await holdInFlight(
    new URL(`${server.baseUrl}/v1/chapters/drain/events`),
    secret,
    inFlight,
  );
  await (await fetch(`${server.baseUrl}/healthz`)).arrayBuffer();
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
  const signalled = performance.now();
  server.process.kill('SIGTERM');
  await until(async () => {
    try {
      await fetch(`${server.baseUrl}/healthz`);
      return false;
    } catch {
      return true;
    }
  });
  const statuses = await held.finish();
  const code = await exited;
  const exitMs = performance.now() - signalled;
  const drained = server.logs
    .map((line) => {
      try {
        return JSON.parse(line) as {
          msg?: string;
          dropped?: number;
          ms?: number;
          inFlight?: number;
        };
      } catch {
        return {};
      }
    })
    .find((entry) => entry.msg === 'drained');
  const result = {
    inFlight,
    answered: statuses.filter((s) => s > 0).length,
    droppedByClient: statuses.filter((s) => s === 0).length,
    droppedByServerLog: drained?.dropped ?? null,
    exitCode: code,
    sigtermToExitMs: exitMs,
  };
  log(
    `drain with ${inFlight} in flight: ${result.answered} answered, ${result.droppedByClient} dropped ` +
      `(server log: ${result.droppedByServerLog}), exit ${code} ${ms(exitMs)} after SIGTERM`,
  );
  return result;
}

async function lagDuringSync(url: string, events: number) {
  const feed = await serveCalendar(events);
  const token = 'fault-bench-metrics-token';
  const env = {
    DATABASE_URL: url,
    WORKER: 'inline',
    SYNC_POLL_SECONDS: '1',
    SYNC_ALLOW_HOSTS: '127.0.0.1',
    SYNC_MAX_BYTES: String(128 * 1024 * 1024),
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_KEY: '1000000',
    METRICS_TOKEN: token,
  };
  const secret = await adminSecret(env);
  const server = await startServerProcess(env);
  const admin = async (method: string, route: string, body: unknown) => {
    const response = await fetch(`${server.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  try {
    const chapter = `faults-${Date.now()}`;
    await admin('POST', '/v1/chapters', {
      id: chapter,
      name: { en: 'Fault bench' },
      kind: 'local',
      timeZone: 'Europe/London',
      languages: ['en'],
    });
    const idle = prober(`${server.baseUrl}/healthz`, 10);
    await sleep(3_000);
    await idle.stop();
    // Scraping resets nothing we rely on; it starts Node's metrics before the sync.
    await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });

    const probe = prober(`${server.baseUrl}/healthz`, 10);
    const started = performance.now();
    const source = await admin('POST', `/v1/chapters/${chapter}/sources`, {
      kind: 'ics',
      url: feed.url,
    });
    let run: { outcome?: string; counts?: Record<string, number> } | undefined;
    await until(async () => {
      const detail = (await (await fetch(`${server.baseUrl}/v1/sources/${source.id}`)).json()) as {
        recentRuns?: { outcome: string; counts: Record<string, number> }[];
      };
      run = detail.recentRuns?.[0];
      return run !== undefined && run.outcome !== 'running';
    });
    const syncMs = performance.now() - started;
    await probe.stop();
    // The serve process's own peak RSS (VmHWM), the sync included: what its pod must allow.
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    const servePeakRssMb = Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024);
    const metrics = await (
      await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const nodeLagP99 = Number(
      /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN,
    );
    const result = {
      events,
      feedBytes: feed.bytes,
      syncMs,
      run: { outcome: run?.outcome, counts: run?.counts },
      idleHealthzP99Ms: percentile(idle.latencies, 99),
      healthzProbes: probe.latencies.length,
      healthzP50Ms: percentile(probe.latencies, 50),
      healthzP99Ms: percentile(probe.latencies, 99),
      healthzMaxMs: percentile(probe.latencies, 100),
      nodeEventLoopLagP99Ms: nodeLagP99 * 1000,
      servePeakRssMb,
    };
    log(
      `${events.toLocaleString('en-GB')}-event feed (${(feed.bytes / 1e6).toFixed(1)} MB) synced inside serve in ` +
        `${ms(syncMs)} (${run?.outcome}); /healthz during it p50 ${ms(result.healthzP50Ms)}, ` +
        `p99 ${ms(result.healthzP99Ms)}, max ${ms(result.healthzMaxMs)} (idle p99 ${ms(result.idleHealthzP99Ms)}); ` +
        `Node event-loop lag p99 ${result.nodeEventLoopLagP99Ms.toFixed(1)} ms; serve peak RSS ${servePeakRssMb} MB`,
    );
    return result;
  } finally {
    await server.stop();
    await feed.close();
  }
}

if (!existsSync(MAIN))
  throw new Error(`${MAIN} is missing: run pnpm --filter @oneteamgov/api build`);
if (!privateClustersAvailable())
  throw new Error('bench:faults needs pg_createcluster and root (a private PostgreSQL cluster)');
const cluster = await createPrivateCluster();
log(`private PostgreSQL cluster at ${cluster.url}`);
try {
  // FAULTS_ONLY=restart|drain|lag runs one part (e.g. to profile it).
  const only = process.env.FAULTS_ONLY;
  const restarts = !only || only === 'restart' ? await restartRecovery(cluster.url) : [];
  const drains =
    !only || only === 'drain' ? [await drain(cluster.url, 20), await drain(cluster.url, 100)] : [];
  const lag =
    !only || only === 'lag'
      ? await lagDuringSync(cluster.url, Number(process.env.FAULTS_FEED_EVENTS ?? 100_000))
      : null;
  const results = { when: new Date().toISOString(), restarts, drains, lag };
  const dir = path.join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'faults-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log('wrote results/faults-latest.json');
} finally {
  await cluster.drop();
}
