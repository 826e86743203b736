/**
 * Write benchmark, on PostgreSQL: events published per second through the API
 * (`POST /v1/chapters/{id}/events` with an API key and an `Idempotency-Key`),
 * so authentication, idempotency, validation, the event write, its audit entry,
 * its outbox message and the data-version bump are all in the path. 8 requests
 * in flight, `BENCH_WRITE_EVENTS` (2,000) events per round, `BENCH_ROUNDS` (3)
 * rounds. After each round it checks that every event, audit entry and outbox
 * message is there, and that replaying a key answers with the stored result.
 *
 *   pnpm --filter @oneteamgov/bench run bench:writes
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../packages/api/src/db/client.js';
import { chapters } from '../../packages/api/src/db/schema/index.js';
import { systemCtx } from '../../packages/api/src/services/context.js';
import { createKey } from '../../packages/api/src/services/keys/create-key.js';
import { MIGRATIONS_FOLDER, recreateDatabase } from './db.js';
import { percentiles } from './load/percentiles.js';
import { startServer } from './servers/spawn.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'otg_bench_writes';
const EVENTS = Number(process.env.BENCH_WRITE_EVENTS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_WRITE_IN_FLIGHT ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const CHAPTER = 'bench';

const url = new URL(ADMIN_URL);
url.pathname = `/${DB_NAME}`;
await recreateDatabase(ADMIN_URL, DB_NAME);
const database = await openDatabase({ url: url.toString(), migrationsFolder: MIGRATIONS_FOLDER });
await database.migrate();
await database.db.insert(chapters).values({
  id: CHAPTER,
  name: { en: 'Bench' },
  kind: 'local',
  timeZone: 'Europe/London',
  languages: ['en'],
  origin: 'http://127.0.0.1',
});
const organiser = await createKey(systemCtx(database.db, 'http://127.0.0.1'), {
  name: 'bench writer',
  grants: [{ scope: 'events:write', chapterId: CHAPTER }],
  createdBy: 'bench',
});
await database.close();

const api = await startServer('api', 'api-server.ts', {
  DATABASE_URL: url.toString(),
  LOG_LEVEL: 'silent',
});
const check = postgres(url.toString(), { max: 1, onnotice: () => {} });

/** One publish with its own Idempotency-Key; returns the key, the new id and the latency. */
async function publishOne(i: number, round: number) {
  const key = randomUUID();
  const startsAt = new Date(Date.now() + (7 + (i % 300)) * 86_400_000);
  const body = JSON.stringify({
    title: { en: `Bench event ${round}.${i}`, cy: `Digwyddiad mainc ${round}.${i}` },
    summary: { en: 'A meetup published by the write benchmark' },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    timeZone: 'Europe/London',
    inLanguage: ['en', 'cy'],
    attendanceMode: 'online',
    onlineUrl: 'https://meet.example.org/bench',
    tags: ['bench', `round-${round}`],
  });
  const at = performance.now();
  const res = await fetch(`${api.baseUrl}/v1/chapters/${CHAPTER}/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${organiser.secret}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body,
  });
  const answer = (await res.json()) as { id: string };
  if (res.status !== 201)
    throw new Error(`publish failed: ${res.status} ${JSON.stringify(answer)}`);
  return { key, body, id: answer.id, ms: performance.now() - at };
}

async function round(n: number) {
  let next = 0;
  const latencies: number[] = [];
  const published: { key: string; body: string; id: string }[] = [];
  const start = performance.now();
  const lane = async () => {
    while (next < EVENTS) {
      const result = await publishOne(next++, n);
      latencies.push(result.ms);
      published.push(result);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - start) / 1000;
  const [p50, p99] = percentiles(Float64Array.from(latencies), [50, 99]) as [number, number];
  return { eventsPerSecond: EVENTS / seconds, p50, p99, published };
}

/** Every write left its event, audit entry and outbox message; a replayed key gets the stored answer. */
async function verify(published: { key: string; body: string; id: string }[]) {
  const ids = published.map((p) => p.id);
  const [counts] = await check<{ events: string; audit: string; outbox: string }[]>`
    select
      (select count(*) from events where id = any(${ids}))::text as events,
      (select count(*) from audit_log where target_id = any(${ids}))::text as audit,
      (select count(*) from outbox where payload->'data'->>'id' = any(${ids}))::text as outbox`;
  const sample = published[0]!;
  const replay = await fetch(`${api.baseUrl}/v1/chapters/${CHAPTER}/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${organiser.secret}`,
      'content-type': 'application/json',
      'idempotency-key': sample.key,
    },
    body: sample.body,
  });
  const replayed = (await replay.json()) as { id: string };
  return {
    events: Number(counts!.events),
    audit: Number(counts!.audit),
    outbox: Number(counts!.outbox),
    replayStatus: replay.status,
    replaySameId: replayed.id === sample.id,
    replayedHeader: replay.headers.get('idempotent-replayed'),
  };
}

const rounds = [];
for (let n = 1; n <= ROUNDS; n++) {
  const result = await round(n);
  const verified = await verify(result.published);
  rounds.push({
    eventsPerSecond: result.eventsPerSecond,
    p50: result.p50,
    p99: result.p99,
    verified,
  });
  console.log(
    `round ${n}: ${result.eventsPerSecond.toFixed(0)} events/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms · ${verified.events} events, ${verified.audit} audit entries, ${verified.outbox} outbox messages; replay ${verified.replayStatus}${verified.replaySameId ? ' (same event)' : ' (DIFFERENT event)'}`,
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const summary = {
  events: EVENTS,
  inFlight: IN_FLIGHT,
  rounds,
  eventsPerSecond: median(rounds.map((r) => r.eventsPerSecond)),
  p50: median(rounds.map((r) => r.p50)),
  p99: median(rounds.map((r) => r.p99)),
};
console.log(
  `\npublish throughput: ${summary.eventsPerSecond.toFixed(0)} events/s (median of ${ROUNDS} rounds, ${IN_FLIGHT} in flight), p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms`,
);
await mkdir(RESULTS, { recursive: true });
await writeFile(`${RESULTS}writes-latest.json`, `${JSON.stringify(summary, null, 2)}\n`);
await api.stop();
await check.end({ timeout: 5 });
