import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe.each(testDatabases())('/metrics on $name', (backend) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let eventId: string;

  beforeAll(async () => {
    database = await backend.open();
    app = createApp({
      db: database.db,
      logger: pino({ level: 'silent' }),
      publicUrl: TEST_ORIGIN,
      instanceName: 'Test hub',
      version: '0.0.0-test',
      ping: database.ping,
      metricsToken: TOKEN,
    });
    const chapter = await createChapter(database.db);
    eventId = (await createEvent(database.db, chapter)).id;
  });
  afterAll(() => database?.close());

  const scrape = async () => {
    const response = await app.request('/metrics', {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts requests by route template and status, never by raw path', async () => {
    await app.request(`/v1/events/${eventId}`);
    await app.request('/v1/events/no-such-event');
    await app.request('/v1/nothing-here');
    const text = await scrape();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/events\/:eventId",status="200"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/events\/:eventId",status="404"\} 1/,
    );
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain(eventId);
    expect(text).toContain('http_requests_in_flight');
    expect(text).toContain('http_rate_limit_rejections_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('answers only the configured bearer token', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`]) {
      const response = await app.request('/metrics', {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('does not exist without a token configured', async () => {
    const { app: plain } = createTestApp(database);
    expect((await plain.request('/metrics')).status).toBe(404);
  });
});
