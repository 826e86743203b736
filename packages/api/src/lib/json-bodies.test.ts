import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createChapter } from '../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../test/helpers/keys.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import type { Database } from '../db/client.js';

describe.each(testDatabases())('request bodies that are not JSON, on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  let secret: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapterId = (await createChapter(database.db)).id;
    secret = (await createTestKey(database.db, organiserGrants(chapterId))).secret;
  });
  afterAll(() => database?.close());

  const post = (contentType: string, body: string, withKey = true) =>
    t.fetch(`http://hub.test/v1/chapters/${chapterId}/members`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...(withKey ? { authorization: `Bearer ${secret}` } : {}),
      },
      body,
    });

  it.each([
    ['text/plain', '{"name":"Ann","email":"ann@example.org"}'],
    ['application/x-www-form-urlencoded', 'name=Ann&email=ann%40example.org'],
  ])('answers %s with 415 and nothing written', async (type, body) => {
    const res = await post(type, body);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { code: string }).code).toBe('unsupported_media_type');
    const list = await t.fetch(`http://hub.test/v1/chapters/${chapterId}/members`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(0);
  });

  it('still tells an anonymous caller to authenticate first', async () => {
    expect((await post('text/plain', 'hello', false)).status).toBe(401);
  });

  it('accepts JSON with parameters', async () => {
    const res = await post(
      'application/json; charset=utf-8',
      '{"name":"Ann","email":"ann@example.org"}',
    );
    expect(res.status).toBe(201);
  });
});
