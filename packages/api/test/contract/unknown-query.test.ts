import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { suggestName } from '../../src/lib/known-query.js';
import { testDatabases } from '../helpers/databases.js';
import { createTestApp } from '../helpers/test-app.js';

interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  errors: { pointer: string; detail: string; code: string }[];
}

describe.each(testDatabases())('unknown query parameters on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database.close());

  const get = async (path: string) => {
    const response = await t.app.request(path);
    return { response, body: (await response.json()) as ProblemBody };
  };

  it('refuses a misspelt filter instead of answering every chapter, and names the intended one', async () => {
    const { response, body } = await get('/v1/events?chapters=wales');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(body.code).toBe('invalid_request');
    expect(body.errors).toEqual([
      {
        pointer: '/query/chapters',
        code: 'unknown_parameter',
        detail: expect.stringContaining('did you mean "chapter"?'),
      },
    ]);
    expect(body.detail).toContain('"chapters"');
  });

  it('names every unknown parameter once, even when repeated', async () => {
    const { response, body } = await get('/v1/events?limt=5&limt=6&radiuskm=3&zzzzzzzz=1');
    expect(response.status).toBe(400);
    expect(body.errors.map((e) => e.pointer)).toEqual([
      '/query/limt',
      '/query/radiuskm',
      '/query/zzzzzzzz',
    ]);
    expect(body.errors[0]?.detail).toContain('"limit"');
    expect(body.errors[1]?.detail).toContain('"radiusKm"');
    expect(body.errors[2]?.detail).not.toContain('did you mean');
  });

  it("judges each operation by its own declaration: a chapter's events take no `chapter`", async () => {
    const { response, body } = await get('/v1/chapters/uk/events?chapter=wales');
    expect(response.status).toBe(400);
    expect(body.errors[0]?.pointer).toBe('/query/chapter');
  });

  it('refuses any parameter on an operation that declares none', async () => {
    const { response, body } = await get('/v1/principles?lang=cy');
    expect(response.status).toBe(400);
    expect(body.errors[0]?.pointer).toBe('/query/lang');
  });

  it('escapes pointer characters in the parameter name', async () => {
    const { body } = await get('/v1/events?a%2Fb~c=1');
    expect(body.errors[0]?.pointer).toBe('/query/a~1b~0c');
  });

  it('still answers declared parameters', async () => {
    const response = await t.app.request('/v1/events?chapter=wales&limit=5');
    expect(response.status).toBe(200);
  });
});

describe('suggested names', () => {
  const known = ['chapter', 'country', 'from', 'to', 'limit', 'cursor', 'radiusKm', 'inLanguage'];
  it.each([
    ['chapters', 'chapter'],
    ['Chapter', 'chapter'],
    ['radius_km', 'radiusKm'],
    ['inlanguage', 'inLanguage'],
    ['limti', 'limit'],
  ])('%s → %s', (typed, meant) => {
    expect(suggestName(typed, known)).toBe(meant);
  });
  it.each(['page', 'offset', 'sort'])('no guess for %s', (typed) => {
    expect(suggestName(typed, known)).toBeUndefined();
  });
});
