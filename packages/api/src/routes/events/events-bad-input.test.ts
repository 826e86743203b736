import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { encodeCursor } from '../../lib/cursor.js';

const long = (n: number) => 'a'.repeat(n);

/** [query string, JSON pointer the problem must name] */
const BAD_QUERIES: [string, string][] = [
  ['limit=0', '/query/limit'],
  ['limit=101', '/query/limit'],
  ['limit=abc', '/query/limit'],
  ['limit=2.5', '/query/limit'],
  ['cursor=%%%', '/query/cursor'],
  ['cursor=bm90LWEtY3Vyc29y', '/query/cursor'],
  [`cursor=${encodeCursor('chapters', ['x'])}`, '/query/cursor'],
  [`cursor=${encodeCursor('events', ['not-a-date', 'x'])}`, '/query/cursor'],
  [`cursor=${long(600)}`, '/query/cursor'],
  ['chapter=Not_A_Slug', '/query/chapter/0'],
  [`chapter=${long(101)}`, '/query/chapter/0'],
  [`chapter=${Array.from({ length: 51 }, (_, i) => `c${i}`).join(',')}`, '/query/chapter'],
  ['country=gb', '/query/country/0'],
  ['country=XX', '/query/country/0'],
  ['country=GBR', '/query/country/0'],
  ['from=yesterday', '/query/from'],
  ['to=2026-13-01T00:00:00Z', '/query/to'],
  ['from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z', '/query/to'],
  ['status=finished', '/query/status/0'],
  ['attendanceMode=telepathy', '/query/attendanceMode/0'],
  ['principle=be-nice', '/query/principle/0'],
  [`tag=${long(51)}`, '/query/tag/0'],
  ['tag=%3Cscript%3E', '/query/tag/0'],
  ['inLanguage=not a tag', '/query/inLanguage/0'],
  [`q=${long(201)}`, '/query/q'],
  ['near=somewhere', '/query/near'],
  ['near=95,0', '/query/near'],
  ['near=51.5,-3.2&radiusKm=0', '/query/radiusKm'],
  ['near=51.5,-3.2&radiusKm=abc', '/query/radiusKm'],
  ['radiusKm=10', '/query/radiusKm'],
  ['updatedSince=1700000000', '/query/updatedSince'],
];

describe.each(testDatabases())('bad input on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  it.each(BAD_QUERIES)('GET /v1/events?%s → 400 naming %s', async (query, pointer) => {
    const response = await t.fetch(`http://hub.test/v1/events?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as {
      code: string;
      status: number;
      requestId: string;
      errors: { pointer: string }[];
    };
    expect(problem.status).toBe(400);
    expect(['invalid_request', 'invalid_cursor']).toContain(problem.code);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    expect(JSON.stringify(problem)).not.toMatch(/ZodError|stack|select /i);
  });

  it.each([
    ['/v1/chapters?limit=0', '/query/limit'],
    ['/v1/chapters?kind=planet', '/query/kind/0'],
    ['/v1/chapters?status=sleeping', '/query/status/0'],
    ['/v1/chapters?parent=UK', '/query/parent'],
    [
      `/v1/chapters?cursor=${encodeCursor('events', ['2026-01-01T00:00:00.000Z', 'x'])}`,
      '/query/cursor',
    ],
    ['/v1/chapters/Not%20A%20Slug', '/param/chapterId'],
    [`/v1/events/${long(101)}`, '/param/eventId'],
    ['/v1/chapters/wales/events?limit=101', '/query/limit'],
  ])('GET %s → 400 naming %s', async (path, pointer) => {
    const response = await t.fetch(`http://hub.test${path}`);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });
});
