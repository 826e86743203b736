import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('API keys on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let call: ReturnType<typeof rawCaller>;
  let admin: { id: string; secret: string };
  let organiser: { id: string; secret: string };
  let chapter: { id: string };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    call = rawCaller(t);
    chapter = await createChapter(database.db);
    admin = await createTestKey(database.db, [adminGrant], 'admin');
    organiser = await createTestKey(database.db, organiserGrants(chapter.id), 'organiser');
  });
  afterAll(() => database?.close());

  it('creates a key whose secret is shown once and works right away', async () => {
    const res = await call('POST', '/v1/keys', {
      key: admin.secret,
      body: { name: 'Wales site', grants: [{ scope: 'events:write', chapterId: chapter.id }] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/keys/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Wales site',
      createdBy: admin.id,
      grants: [{ scope: 'events:write', chapterId: chapter.id }],
      revokedAt: null,
    });
    const secret: string = res.body.secret;
    expect(secret).toMatch(/^otg_/);
    expect(secret.startsWith(res.body.prefix)).toBe(true);

    const current = await t.clientWithKey(secret).GET('/v1/keys/current');
    expect(current).toMatchObject({ id: res.body.id, grants: res.body.grants });

    // Never again: not by id, not in the list, not as its hash.
    const one = await call('GET', `/v1/keys/${res.body.id}`, { key: admin.secret });
    expect(one.status).toBe(200);
    const list = await call('GET', '/v1/keys?limit=100', { key: admin.secret });
    for (const text of [
      one.text,
      list.text,
      (await call('GET', '/v1/keys/current', { key: secret })).text,
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(8));
      expect(text).not.toMatch(/secret|hash/i);
    }
  });

  it('revokes a key, which fails with 401 on its very next request', async () => {
    const made = await t.clientWithKey(admin.secret).POST('/v1/keys', {
      body: { name: 'to revoke', grants: [{ scope: 'sources:write', chapterId: chapter.id }] },
    });
    expect((await call('GET', '/v1/keys/current', { key: made.secret })).status).toBe(200);
    const revoked = await call('DELETE', `/v1/keys/${made.id}`, { key: admin.secret });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(revoked.text).not.toContain(made.secret);
    const next = await call('GET', '/v1/keys/current', { key: made.secret });
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('unauthorized');
    // Revoking again is harmless and keeps the first revocation time.
    const again = await call('DELETE', `/v1/keys/${made.id}`, { key: admin.secret });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('pages keys newest first with a Link header', async () => {
    for (const name of ['page a', 'page b', 'page c']) {
      await call('POST', '/v1/keys', { key: admin.secret, body: { name, grants: [adminGrant] } });
    }
    const first = await call('GET', '/v1/keys?limit=2', { key: admin.secret });
    expect(first.body.data.map((k: { name: string }) => k.name)).toEqual(['page c', 'page b']);
    expect(first.headers.get('link')).toContain('rel="next"');
    const seen: string[] = [];
    for await (const key of t.clientWithKey(admin.secret).paginate('/v1/keys', {
      params: { query: { limit: 2 } },
    })) {
      seen.push(key.id);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(admin.id);
    expect(seen).toContain(organiser.id);
  });

  it('tells any key about itself, and only itself', async () => {
    const res = await call('GET', '/v1/keys/current', { key: organiser.secret });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(organiser.id);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect((await call('GET', '/v1/keys/current')).status).toBe(401);
  });

  it.each([
    ['POST', '/v1/keys'],
    ['GET', '/v1/keys'],
    ['GET', '/v1/keys/key_0000000000000000'],
    ['DELETE', '/v1/keys/key_0000000000000000'],
  ])('%s %s: 401 anonymous, 403 for a non-admin key', async (method, path) => {
    const body = method === 'POST' ? { name: 'x', grants: [adminGrant] } : undefined;
    const anonymous = await call(method, path, { body });
    expect(anonymous.status).toBe(401);
    const forbidden = await call(method, path, { key: organiser.secret, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('checks who is calling before reading the body', async () => {
    const res = await call('POST', '/v1/keys', { key: organiser.secret, body: { nonsense: 1 } });
    expect(res.status).toBe(403);
  });

  it.each([
    ['a server-controlled field', { name: 'x', grants: [adminGrant], id: 'key_mine' }],
    ['a secret of its own', { name: 'x', grants: [adminGrant], secret: `otg_${'a'.repeat(43)}` }],
    ['no grants', { name: 'x', grants: [] }],
    ['admin bound to a chapter', { name: 'x', grants: [{ scope: 'admin', chapterId: 'uk' }] }],
    [
      'an unknown chapter',
      { name: 'x', grants: [{ scope: 'events:write', chapterId: 'nowhere' }] },
    ],
    [
      'an expiry in the past',
      { name: 'x', grants: [adminGrant], expiresAt: '2001-01-01T00:00:00Z' },
    ],
    ['a too-long name', { name: 'x'.repeat(201), grants: [adminGrant] }],
  ])('refuses %s with 400', async (_, body) => {
    const res = await call('POST', '/v1/keys', { key: admin.secret, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.errors?.length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown key id', async () => {
    const res = await call('GET', '/v1/keys/key_0000000000000000', { key: admin.secret });
    expect(res.status).toBe(404);
    expect(
      (await call('DELETE', '/v1/keys/key_0000000000000000', { key: admin.secret })).status,
    ).toBe(404);
  });
});
