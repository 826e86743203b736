import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createTestKey } from '../../test/helpers/keys.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import type { Database } from '../db/client.js';
import { RateLimits } from './limiter.js';

const policies = {
  anonymous: { points: 3, windowSeconds: 60 },
  key: { points: 5, windowSeconds: 60 },
  failedAuth: { points: 2, windowSeconds: 900 },
};

describe.each(testDatabases())('rate limits (in memory) on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.close());

  const get = (
    t: ReturnType<typeof createTestApp>,
    headers: Record<string, string> = {},
    path = '/v1/principles',
  ) => t.fetch(`http://hub.test${path}`, { headers });

  it('counts anonymous calls per address and answers 429 with Retry-After past the limit', async () => {
    const t = createTestApp(database, { rateLimits: new RateLimits(policies) });
    const first = await get(t, { 'x-test-client': '198.51.100.7' });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(first.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    await get(t, { 'x-test-client': '198.51.100.7' });
    await get(t, { 'x-test-client': '198.51.100.7' });
    const limited = await get(t, { 'x-test-client': '198.51.100.7' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');
    // Another address has its own budget.
    expect((await get(t, { 'x-test-client': '198.51.100.8' })).status).toBe(200);
  });

  it('gives each key its own budget, separate from the address it calls from', async () => {
    const t = createTestApp(database, { rateLimits: new RateLimits(policies) });
    const key = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    for (let i = 0; i < 3; i++) await get(t, { 'x-test-client': '203.0.113.1' });
    expect((await get(t, { 'x-test-client': '203.0.113.1' })).status).toBe(429);
    const withKey = await get(t, {
      'x-test-client': '203.0.113.1',
      authorization: `Bearer ${key.secret}`,
    });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-limit')).toBe('5');
    expect(withKey.headers.get('cache-control')).toBe('private, no-store');
  });

  it('counts a conditional request like any other: a 304 is still a request', async () => {
    const t = createTestApp(database, { rateLimits: new RateLimits(policies) });
    const first = await get(t, { 'x-test-client': '198.51.100.20' });
    const etag = first.headers.get('etag') ?? '';
    const revalidate = () => get(t, { 'x-test-client': '198.51.100.20', 'if-none-match': etag });
    const second = await revalidate();
    expect(second.status).toBe(304);
    expect(second.headers.get('ratelimit-remaining')).toBe('1');
    expect((await revalidate()).status).toBe(304);
    const limited = await revalidate();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('allows only a few failed authentications per address, then refuses even before checking', async () => {
    const t = createTestApp(database, { rateLimits: new RateLimits(policies) });
    const good = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    const guess = `Bearer otg_${'A'.repeat(43)}`;
    const attempt = (authorization: string, client = '192.0.2.50') =>
      get(t, { 'x-test-client': client, authorization });
    expect((await attempt(guess)).status).toBe(401);
    expect((await attempt(guess)).status).toBe(401);
    const blocked = await attempt(guess);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
    // Even a valid key is refused from an address that is guessing…
    expect((await attempt(`Bearer ${good.secret}`)).status).toBe(429);
    // …but works from anywhere else.
    expect((await attempt(`Bearer ${good.secret}`, '192.0.2.51')).status).toBe(200);
  });

  it('leaves health probes out of every budget', async () => {
    const t = createTestApp(database, { rateLimits: new RateLimits(policies) });
    for (let i = 0; i < 6; i++) {
      const probe = await get(t, { 'x-test-client': '192.0.2.99' }, '/healthz');
      expect(probe.status).toBe(200);
      expect(probe.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});
