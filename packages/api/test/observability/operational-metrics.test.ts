import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { webhookDeliveries } from '../../src/db/schema/index.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { DEFAULT_RATE_POLICIES, RateLimits } from '../../src/rate-limit/limiter.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { createWorker } from '../../src/sync/worker.js';
import { serveProcessMetrics } from '../../src/telemetry/metrics-server.js';
import { createDeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { testCtx } from '../helpers/service-ctx.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { onlineEvent } from '../security/operation-requests.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const silent = pino({ level: 'silent' });

/** One sample's value from a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  const escaped = `${name}${labels ? `{${labels}}` : ''}`.replace(/[{}"]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

describe.each(testDatabases())('operational metrics on $name', (backend) => {
  let database: TestDb;
  let app: ReturnType<typeof createApp>;
  let admin: string;

  beforeAll(async () => {
    database = await backend.open();
    app = createApp({
      db: database.db,
      logger: silent,
      publicUrl: TEST_ORIGIN,
      instanceName: 'Test hub',
      version: '0.0.0-test',
      ping: database.ping,
      changesLagMs: 0,
      metricsToken: TOKEN,
      rateLimits: new RateLimits({
        ...DEFAULT_RATE_POLICIES,
        anonymous: { points: 1, windowSeconds: 600 },
        failedAuth: { points: 1, windowSeconds: 600 },
      }),
      clientAddress: (c) => c.req.header('x-test-client') ?? '192.0.2.1',
    });
    admin = (await createTestKey(database.db, [adminGrant])).secret;
  });
  afterAll(() => database?.close());

  const scrape = async () => {
    const response = await app.request('/metrics', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('reports the database pool: a held transaction is a connection in use, a query behind it waits on the embedded database', async () => {
    const idle = await scrape();
    expect(sample(idle, 'db_pool_connections_max')).toBeGreaterThanOrEqual(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      started();
      await held;
    });
    await inside;
    // Drizzle queries are lazy: `then` issues this one, to queue behind the transaction.
    const behind =
      database.kind === 'pglite' ? database.db.execute(sql`select 2`).then(() => {}) : undefined;
    let busy: string;
    try {
      busy = await scrape();
    } finally {
      release();
    }
    expect(sample(busy, 'db_pool_connections_in_use')).toBeGreaterThanOrEqual(1);
    if (behind) expect(sample(busy, 'db_pool_queries_waiting')).toBeGreaterThanOrEqual(1);
    await transaction;
    await behind;
    const after = await scrape();
    expect(sample(after, 'db_pool_connections_in_use')).toBeLessThan(
      sample(busy, 'db_pool_connections_in_use'),
    );
    expect(sample(after, 'db_pool_queries_waiting')).toBe(0);
  });

  it('counts sync runs by outcome', async () => {
    const feed = await startFeedServer();
    const worker = createWorker(
      {
        db: database.db,
        logger: silent,
        selfOrigin: TEST_ORIGIN,
        now: () => new Date(),
        fetchPolicy: defaultFetchPolicy({
          allowList: ['127.0.0.1'],
          userAgent: 'test',
          headerTimeoutMs: 1000,
          totalTimeoutMs: 3000,
          maxBytes: 200_000,
        }),
        parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
      },
      { pollMs: 60_000, leaseMs: 60_000 },
    );
    try {
      const chapter = await createChapter(database.db);
      const sourceId = uniqueId('ics');
      await upsertSource(testCtx(database.db), {
        id: sourceId,
        chapterId: chapter.id,
        kind: 'ics',
        url: `${feed.url}/${sourceId}.ics`,
      });
      const before = await scrape();
      feed.serveCalendar(
        calendar([{ uid: 'one@test', title: 'Meetup', start: new Date(Date.now() + 86_400_000) }]),
      );
      expect((await worker.syncNow(sourceId))?.outcome).toBe('success');
      feed.set((_req, res) => res.writeHead(500).end());
      expect((await worker.syncNow(sourceId))?.outcome).toBe('failed');
      const after = await scrape();
      for (const outcome of ['success', 'failed']) {
        const label = `outcome="${outcome}"`;
        expect(sample(after, 'sync_runs_total', label), outcome).toBe(
          sample(before, 'sync_runs_total', label) + 1,
        );
      }
    } finally {
      await worker.stop();
      await feed.close();
    }
  });

  it('counts webhook deliveries by what each attempt led to', async () => {
    const receiver = await startReceiver((_, i) => ({ status: i === 0 ? 503 : 200 }));
    const deliveries = createDeliveryWorker(database, silent, {
      pollMs: 60_000,
      policy: {
        allowList: ['127.0.0.1'],
        timeoutMs: 10_000,
        maxResponseBytes: 65_536,
        userAgent: 'test',
      },
    });
    try {
      const chapter = await createChapter(database.db);
      const hook = await call('POST', '/v1/webhooks', {
        url: receiver.url,
        events: ['event.created'],
        chapters: [chapter.id],
      });
      expect(hook.status).toBe(201);
      const hookId = ((await hook.json()) as { id: string }).id;
      const before = await scrape();
      expect((await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent())).status).toBe(
        201,
      );
      await deliveries.runOnce();
      // Bring the retry forward rather than wait out its back-off.
      await database.db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: sql`now()` })
        .where(eq(webhookDeliveries.webhookId, hookId));
      await deliveries.runOnce();
      expect(receiver.received).toHaveLength(2);
      const after = await scrape();
      for (const outcome of ['retrying', 'succeeded']) {
        const label = `outcome="${outcome}"`;
        expect(sample(after, 'webhook_deliveries_total', label), outcome).toBe(
          sample(before, 'webhook_deliveries_total', label) + 1,
        );
      }
    } finally {
      await deliveries.stop();
      await receiver.close();
    }
  });

  it('counts rate-limit refusals by budget', async () => {
    const before = await scrape();
    const client = { 'x-test-client': `198.51.100.${Math.floor(Math.random() * 250)}` };
    expect((await app.request('/v1/chapters', { headers: client })).status).toBe(200);
    expect((await app.request('/v1/chapters', { headers: client })).status).toBe(429);
    const after = await scrape();
    expect(sample(after, 'http_rate_limit_rejections_total', 'budget="anonymous"')).toBe(
      sample(before, 'http_rate_limit_rejections_total', 'budget="anonymous"') + 1,
    );
  });

  it('counts an address locked out after failed authentications as its own budget', async () => {
    const before = await scrape();
    const headers = {
      'x-test-client': `203.0.113.${Math.floor(Math.random() * 250)}`,
      authorization: 'Bearer otg_not-a-real-key',
    };
    expect((await app.request('/v1/keys/current', { headers })).status).toBe(401);
    expect((await app.request('/v1/keys/current', { headers })).status).toBe(429);
    const after = await scrape();
    expect(sample(after, 'http_rate_limit_rejections_total', 'budget="failedAuth"')).toBe(
      sample(before, 'http_rate_limit_rejections_total', 'budget="failedAuth"') + 1,
    );
  });

  it('reports event-loop lag and requests in flight', async () => {
    const text = await scrape();
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
    // The scrape itself is in flight while it is answered.
    expect(sample(text, 'http_requests_in_flight')).toBe(1);
  });
});

describe('metrics on a port of their own (METRICS_PORT)', () => {
  it('serves a worker’s process metrics on an address of its own, behind the token when one is set', async () => {
    const listener = await serveProcessMetrics({
      port: 0,
      host: '127.0.0.1',
      token: TOKEN,
      logger: silent,
    });
    try {
      const url = `http://127.0.0.1:${listener.port}`;
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
      const response = await fetch(`${url}/metrics`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      for (const name of [
        'sync_runs_total',
        'webhook_deliveries_total',
        'db_pool_connections_in_use',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      // No HTTP app here: nothing about requests it never answers.
      expect(text).not.toContain('http_request_duration_seconds');
    } finally {
      await listener.close();
    }
  });

  it('serves the API’s request metrics there, off the public port, without any token', async () => {
    const database = await testDatabases()[0]!.open();
    const metrics = createMetrics();
    const api = createApp({
      db: database.db,
      logger: silent,
      publicUrl: TEST_ORIGIN,
      instanceName: 'Test hub',
      version: '0.0.0-test',
      ping: database.ping,
      metrics,
    });
    const listener = await serveProcessMetrics({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      exposition: metrics.exposition,
    });
    try {
      expect((await api.request('/v1/chapters')).status).toBe(200);
      // Not on the public port: without METRICS_TOKEN there is no /metrics route.
      expect((await api.request('/metrics')).status).toBe(404);
      const response = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(
        /^http_request_duration_seconds_count\{method="GET",route="\/v1\/chapters",status="200"\} 1$/m,
      );
      expect(text).toContain('# TYPE sync_runs_total counter');
    } finally {
      await listener.close();
      await database.close();
    }
  });
});
