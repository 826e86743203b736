/**
 * Webhook benchmark, in one run with its own baseline, on PostgreSQL:
 *   - publish 1,000 events through the API (POST, 8 in flight) with nobody
 *     subscribed: today's write path, the baseline;
 *   - the same with a loopback receiver subscribed to the chapter and the
 *     delivery worker running inline, as `serve` runs it.
 * Rounds alternate the two (3 each, order rotated). Reports events/s for both,
 * their ratio (median of per-round ratios; target ≥ 0.9) and, for the
 * subscribed runs, the time from sending each write to its delivery arriving
 * (an upper bound of commit-to-receipt; target p99 ≤ 1 s), p50/p99.
 *
 *   pnpm --filter @oneteamgov/bench run bench:webhooks
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../packages/api/src/db/client.js';
import { chapters } from '../../packages/api/src/db/schema/index.js';
import { systemCtx } from '../../packages/api/src/services/context.js';
import { createKey } from '../../packages/api/src/services/keys/create-key.js';
import { MIGRATIONS_FOLDER, recreateDatabase } from './db.js';
import { percentiles } from './load/percentiles.js';
import { startServer } from './servers/spawn.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'otg_bench_webhooks';
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1000);
const IN_FLIGHT = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

const url = new URL(ADMIN_URL);
url.pathname = `/${DB_NAME}`;
await recreateDatabase(ADMIN_URL, DB_NAME);
const database = await openDatabase({ url: url.toString(), migrationsFolder: MIGRATIONS_FOLDER });
await database.migrate();
await database.db.insert(chapters).values(
  ['quiet', 'hooked'].map((id) => ({
    id,
    name: { en: id },
    kind: 'local' as const,
    timeZone: 'Europe/London',
    languages: ['en'],
    origin: 'http://127.0.0.1',
  })),
);
const admin = await createKey(systemCtx(database.db, 'http://127.0.0.1'), {
  name: 'bench',
  grants: [{ scope: 'admin', chapterId: null }],
  createdBy: 'bench',
});

// The receiver: records when each event's delivery arrived.
const arrivals = new Map<string, number>();
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const message = JSON.parse(Buffer.concat(chunks).toString()) as { data: { id: string } };
    arrivals.set(message.data.id, performance.now());
    res.writeHead(204).end();
  });
});
receiver.listen(0, '127.0.0.1');
await new Promise((resolve) => receiver.once('listening', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const api = await startServer('api', 'api-server.ts', {
  DATABASE_URL: url.toString(),
  WEBHOOK_DELIVERY: 'on',
  LOG_LEVEL: 'silent',
});
const headers = { authorization: `Bearer ${admin.secret}`, 'content-type': 'application/json' };
const subscribed = await fetch(`${api.baseUrl}/v1/webhooks`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ url: receiverUrl, events: ['event.created'], chapters: ['hooked'] }),
});
if (subscribed.status !== 201) throw new Error(`subscribing failed: ${subscribed.status}`);

/** Publishes EVENTS events to `chapter`, IN_FLIGHT at a time; returns events/s and send times. */
async function publish(chapter: string) {
  const sent = new Map<string, number>();
  let next = 0;
  const start = performance.now();
  const lane = async () => {
    while (next < EVENTS) {
      const i = next++;
      const startsAt = new Date(Date.now() + (7 + (i % 300)) * 86_400_000);
      const at = performance.now();
      const res = await fetch(`${api.baseUrl}/v1/chapters/${chapter}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: { en: `Bench event ${i}` },
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          timeZone: 'Europe/London',
          attendanceMode: 'online',
          onlineUrl: 'https://meet.example.org/bench',
        }),
      });
      const body = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`publish failed: ${res.status}`);
      sent.set(body.id, at);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return { eventsPerSecond: EVENTS / ((performance.now() - start) / 1000), sent };
}

async function allArrived(ids: Iterable<string>, timeoutMs = 120_000) {
  const deadline = performance.now() + timeoutMs;
  for (const id of ids) {
    while (!arrivals.has(id)) {
      if (performance.now() > deadline) throw new Error('deliveries did not all arrive');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const rounds: { baseline: number; subscribed: number }[] = [];
const latencies: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['quiet', 'hooked'] : ['hooked', 'quiet'];
  const result: Partial<{ baseline: number; subscribed: number }> = {};
  for (const chapter of order) {
    const run = await publish(chapter);
    if (chapter === 'hooked') {
      await allArrived(run.sent.keys());
      for (const [id, at] of run.sent) latencies.push(arrivals.get(id)! - at);
      result.subscribed = run.eventsPerSecond;
    } else {
      result.baseline = run.eventsPerSecond;
    }
  }
  rounds.push(result as { baseline: number; subscribed: number });
  console.log(
    `round ${round + 1}: no subscriber ${result.baseline!.toFixed(0)} events/s, subscribed ${result.subscribed!.toFixed(0)} events/s`,
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const [p50, p99] = percentiles(Float64Array.from(latencies), [50, 99]) as [number, number];
const summary = {
  events: EVENTS,
  inFlight: IN_FLIGHT,
  rounds,
  baselineEventsPerSecond: median(rounds.map((r) => r.baseline)),
  subscribedEventsPerSecond: median(rounds.map((r) => r.subscribed)),
  ratio: median(rounds.map((r) => r.subscribed / r.baseline)),
  sendToReceiptMs: { p50, p99 },
};
console.log(
  `\npublish throughput: ${summary.subscribedEventsPerSecond.toFixed(0)} events/s subscribed vs ${summary.baselineEventsPerSecond.toFixed(0)} without (ratio ${summary.ratio.toFixed(2)}, target ≥ 0.90: ${summary.ratio >= 0.9 ? 'PASS' : 'FAIL'})`,
);
console.log(
  `send-to-receipt: p50 ${summary.sendToReceiptMs.p50.toFixed(0)} ms, p99 ${summary.sendToReceiptMs.p99.toFixed(0)} ms (target p99 ≤ 1000 ms: ${summary.sendToReceiptMs.p99 <= 1000 ? 'PASS' : 'FAIL'})`,
);
await mkdir(RESULTS, { recursive: true });
await writeFile(`${RESULTS}webhooks-latest.json`, `${JSON.stringify(summary, null, 2)}\n`);
await api.stop();
receiver.close();
await database.close();
