import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { assertDeclaredStatus } from '../helpers/openapi-guard.js';

/**
 * A cursor is opaque, but it is only base64url JSON: anyone can decode one,
 * change the instant it carries and send it back. Every paginated list must
 * answer such a cursor with a 400 problem, never a 500, and log nothing at
 * error level (an error line would carry the SQL that failed).
 */
const IMPOSSIBLE_INSTANTS = [
  '2026-02-30T00:00:00.000000Z',
  '2025-02-29T12:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '2026-01-01T24:00:00.000Z',
  '2026-13-01T00:00:00.000Z',
  '2026-01-01',
  'infinity',
  'now',
  'epoch',
  '2026-01-01T00:00:00+25:00',
];

const decode = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
const encode = (tuple: unknown[]) =>
  Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');

describe.each(testDatabases())('crafted cursors on $name', (backend) => {
  let database: Database;
  const errorLines: string[] = [];
  let call: (path: string) => Promise<Response>;
  let chapterId: string;

  beforeAll(async () => {
    database = await backend.open();
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          errorLines.push(String(chunk));
          done();
        },
      }),
    );
    const app = createApp({
      db: database.db,
      logger,
      publicUrl: 'https://hub.test.example',
      instanceName: 'Test hub',
      version: '0.0.0-test',
      ping: database.ping,
      changesLagMs: 0,
    });
    const admin = await createTestKey(database.db, [adminGrant], 'cursor admin');
    await createTestKey(database.db, [adminGrant], 'second key');
    call = async (path) => {
      const request = new Request(`http://hub.test${path}`, {
        headers: { authorization: `Bearer ${admin.secret}` },
      });
      const response = await app.fetch(request.clone());
      assertDeclaredStatus(request, response);
      return response;
    };
    const chapter = await createChapter(database.db);
    chapterId = chapter.id;
    await createEvent(database.db, chapter);
    await createEvent(database.db, chapter);
    for (const name of ['Ada', 'Grace']) {
      const response = await app.request(`/v1/chapters/${chapterId}/members`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, email: `${name.toLowerCase()}@example.org` }),
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => database?.close());

  const lists = () => [
    '/v1/changes',
    `/v1/events?chapter=${chapterId}`,
    '/v1/audit',
    '/v1/keys',
    `/v1/chapters/${chapterId}/members`,
  ];

  /** A real next cursor of the list, so the crafted one differs only in its instant. */
  async function realCursor(list: string): Promise<string> {
    const response = await call(`${list}${list.includes('?') ? '&' : '?'}limit=1`);
    expect(response.status).toBe(200);
    const { nextCursor } = (await response.json()) as { nextCursor: string | null };
    expect(nextCursor).toEqual(expect.any(String));
    return nextCursor as string;
  }

  it('still follows the cursors the lists hand out', async () => {
    for (const list of lists()) {
      const cursor = await realCursor(list);
      const next = await call(`${list}${list.includes('?') ? '&' : '?'}limit=1&cursor=${cursor}`);
      expect(next.status, list).toBe(200);
    }
  });

  it('answers 400 invalid_cursor for an impossible instant on every list', async () => {
    for (const list of lists()) {
      const [kind, , ...rest] = decode(await realCursor(list));
      for (const instant of IMPOSSIBLE_INSTANTS) {
        const crafted = encode([kind, instant, ...rest]);
        const response = await call(
          `${list}${list.includes('?') ? '&' : '?'}limit=1&cursor=${crafted}`,
        );
        expect(response.status, `${list} with ${instant}`).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        const body = (await response.json()) as { code: string; errors: { pointer: string }[] };
        expect(body.code).toBe('invalid_cursor');
        expect(body.errors[0]?.pointer).toBe('/query/cursor');
      }
    }
    expect(errorLines).toEqual([]);
  });

  it('answers 400 for key values PostgreSQL could not take as text', async () => {
    for (const list of lists()) {
      const [kind, instant, ...rest] = decode(await realCursor(list));
      for (const id of ['a\u0000b', '\ud800', 'x'.repeat(201)]) {
        const crafted = encode([kind, instant, ...rest.slice(0, -1), id]);
        const response = await call(
          `${list}${list.includes('?') ? '&' : '?'}limit=1&cursor=${crafted}`,
        );
        expect(response.status, `${list} with ${JSON.stringify(id)}`).toBe(400);
      }
    }
    expect(errorLines).toEqual([]);
  });
});
