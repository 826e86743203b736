import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import type { Database } from '../db/client.js';
import { RateLimits } from './limiter.js';

const redisUrl = process.env.TEST_REDIS_URL;
const policies = {
  anonymous: { points: 4, windowSeconds: 60 },
  key: { points: 10, windowSeconds: 60 },
  failedAuth: { points: 2, windowSeconds: 900 },
};

/**
 * Two app instances with their own Redis connections stand in for two replicas
 * behind a load balancer: a caller's budget is shared, not doubled.
 */
describe.runIf(redisUrl)('rate limits shared through Redis', () => {
  const [backend] = testDatabases();
  let database: Database;
  const clients: Redis[] = [];
  const prefix = `otg-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await backend!.open();
  });
  afterAll(async () => {
    const cleanup = new Redis(redisUrl!);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    await cleanup.quit();
    await Promise.all(clients.map((c) => c.quit()));
    await database?.close();
  });

  const replica = () => {
    const redis = new Redis(redisUrl!);
    clients.push(redis);
    return createTestApp(database, { rateLimits: new RateLimits(policies, redis, prefix) });
  };

  it('counts one budget across replicas', async () => {
    const [a, b] = [replica(), replica()];
    const call = (t: ReturnType<typeof replica>) =>
      t.fetch('http://hub.test/v1/principles', { headers: { 'x-test-client': '198.51.100.77' } });
    const statuses = [];
    for (const t of [a, b, a, b, a]) statuses.push((await call(t)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const last = await call(b);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await clients[0]!.keys(`${prefix}:anonymous*`)).not.toHaveLength(0);
  });
});
