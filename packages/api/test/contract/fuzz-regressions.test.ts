import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';

/**
 * Requests the contract fuzzer (fuzz-operations.test.ts) found answered with a
 * 500, kept here as fixed examples on every database: text PostgreSQL cannot
 * store, and instants before year 1.
 */
describe.each(testDatabases())('inputs the fuzzer found, on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let headers: Record<string, string>;
  let memberId: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const secret = (await createTestKey(database.db, [adminGrant])).secret;
    headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const chapter = await createChapter(database.db);
    const created = await t.app.request(`/v1/chapters/${chapter.id}/members`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.org' }),
    });
    memberId = ((await created.json()) as { id: string }).id;
  });
  afterAll(() => database?.close());

  const consent = (body: string) =>
    t.app.request(`/v1/members/${memberId}/consents/publicProfile`, {
      method: 'PUT',
      headers,
      body,
    });

  it.each([
    ['an unpaired surrogate', '{"granted":true,"noticeVersion":"v\\ud809"}', '/body/noticeVersion'],
    ['a NUL character', '{"granted":true,"noticeVersion":"v\\u0000"}', '/body/noticeVersion'],
    ['a NUL in a key', '{"granted":true,"noticeVersion":"v1","x\\u0000":1}', '/body/x\u0000'],
  ])('refuses %s in a JSON body with a 400 naming the field', async (_what, body, pointer) => {
    const response = await consent(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      code: 'invalid_request',
      errors: [{ pointer }],
    });
  });

  it('still takes text with emoji and other characters outside the BMP', async () => {
    const response = await consent('{"granted":true,"noticeVersion":"2026-01 🎉 \\ud83c\\udf89"}');
    expect(response.status).toBe(200);
  });

  it.each([
    '/v1/events?updatedSince=0000-01-01T00:00:00Z',
    '/v1/events?from=0000-06-01T00:00:00Z',
    '/v1/events?from=0001-01-01T00:30:00%2B01:00',
  ])('refuses an instant before year 1: %s', async (path) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
