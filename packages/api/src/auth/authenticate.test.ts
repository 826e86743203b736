import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createTestKey } from '../../test/helpers/keys.js';
import { testCtx } from '../../test/helpers/service-ctx.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import type { Database } from '../db/client.js';
import { apiKeys } from '../db/schema/index.js';
import { revokeKey } from '../services/keys/manage-keys.js';

describe.each(testDatabases())('authentication on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  const get = (headers: Record<string, string> = {}, path = '/v1/principles') =>
    t.fetch(`http://hub.test${path}`, { headers });

  it('serves public reads without a key, cacheable', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
  });

  it('accepts a live key and marks the answer private', async () => {
    const key = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    const res = await get({ authorization: `Bearer ${key.secret}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    // Only the hash is stored.
    expect(JSON.stringify(row)).not.toContain(key.secret);
  });

  it.each([
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
    ['an unknown key', `Bearer otg_${'x'.repeat(43)}`],
    ['a truncated key', 'Bearer otg_abc'],
  ])('refuses %s with 401 and a Bearer challenge, never as anonymous', async (_, header) => {
    const res = await get({ authorization: header });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: 'unauthorized', status: 401 });
    // The credential sent is never echoed back.
    expect(JSON.stringify(problem)).not.toContain(header.split(' ')[1]);
  });

  it('refuses a revoked key on the very next request', async () => {
    const key = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    expect((await get({ authorization: `Bearer ${key.secret}` })).status).toBe(200);
    await revokeKey(testCtx(database.db), key.id);
    expect((await get({ authorization: `Bearer ${key.secret}` })).status).toBe(401);
  });

  it('refuses an expired key', async () => {
    const key = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    await database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    expect((await get({ authorization: `Bearer ${key.secret}` })).status).toBe(401);
  });

  it('refuses keys sent in the URL', async () => {
    const key = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    for (const query of [`api_key=${key.secret}`, `anything=${key.secret}`, 'token=otg_x']) {
      const res = await get({}, `/v1/events?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain('Authorization');
    }
  });
});

describe.each(testDatabases())('operations that need a key, on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  it('answer 401 to an anonymous caller before looking at the input', async () => {
    const invalid = [
      ['POST', '/v1/chapters/wales/members', '{"name":"x"}'],
      ['GET', '/v1/chapters/wales/members?limit=500', undefined],
      ['POST', '/v1/chapters/wales/events', 'not json'],
      ['POST', '/v1/keys', '{}'],
    ] as const;
    for (const [method, path, body] of invalid) {
      const res = await t.fetch(`http://hub.test${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});
