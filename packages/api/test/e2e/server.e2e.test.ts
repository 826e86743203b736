import { createClient } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../helpers/scratch-postgres.js';
import { type RunningServer, runCli, startServerProcess } from './spawn-server.js';

describe('the real server process on the embedded database', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // The quick start's path: an empty directory, migrated and seeded on first start.
    server = await startServerProcess({}, { fresh: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts migrated and seeded, and serves the built SDK every upcoming event', async () => {
    const hub = createClient({ baseUrl: server.baseUrl });
    const wales = await hub.GET('/v1/chapters/{chapterId}', {
      params: { path: { chapterId: 'wales' } },
    });
    expect(wales.languages).toEqual(['cy', 'en']);
    const seen = new Set<string>();
    for await (const event of hub.paginate('/v1/events', { params: { query: { limit: 10 } } })) {
      seen.add(event.id);
    }
    expect(seen.size).toBeGreaterThan(20);
    const north = await hub.GET('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'north' }, query: { limit: 3 } },
    });
    expect(north.data.every((e) => e.localStartsAt.slice(11, 16) === '18:00')).toBe(true);
  });

  it('writes JSON logs that carry the request id', async () => {
    const response = await fetch(`${server.baseUrl}/v1/principles`, {
      headers: { 'X-Request-Id': 'e2e-trace-1' },
    });
    expect(response.status).toBe(200);
    await expect
      .poll(() => server.logs.some((l) => l.includes('"requestId":"e2e-trace-1"')))
      .toBe(true);
  });

  it('exits cleanly on SIGTERM', async () => {
    const other = await startServerProcess();
    await fetch(`${other.baseUrl}/healthz`);
    expect(await other.stop()).toBe(0);
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('the real server process on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ url, drop } = await createScratchDatabase(adminUrl!, 'otg_e2e'));
  });
  afterAll(() => drop());

  it('migrates and seeds with CLI commands that exit, then serves the same API', async () => {
    const migrate = await runCli(['migrate'], { DATABASE_URL: url });
    expect(migrate.code).toBe(0);
    const seed = await runCli(['seed'], { DATABASE_URL: url });
    expect(seed.code).toBe(0);
    expect(seed.output).toMatch(/demo data: \d+ chapters and \d+ events loaded/);
    // Not a terminal: no spinner, no escape sequences in a log.
    expect(seed.output).not.toContain('\u001b[');
    const server = await startServerProcess({ DATABASE_URL: url });
    try {
      const hub = createClient({ baseUrl: server.baseUrl });
      const page = await hub.GET('/v1/events', { params: { query: { q: 'reunion' } } });
      expect(page.data.length).toBeGreaterThan(0);
      expect(server.logs.some((l) => l.includes('"database":"postgres"'))).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
