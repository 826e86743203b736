import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import { MAX_BODY_BYTES } from '../../app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('HTTP conventions on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  const call = (path: string, init?: RequestInit) => t.fetch(`http://hub.test${path}`, init);

  it('answers unknown paths with a 404 problem and a request id', async () => {
    const response = await call('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { code: string; requestId: string; type: string };
    expect(body.code).toBe('not_found');
    expect(body.type).toMatch(/not_found$/);
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const response = await call('/v1/events', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(((await response.json()) as { code: string }).code).toBe('method_not_allowed');
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await call('/v1/events', {
      method: 'POST',
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('keeps a caller-supplied request id and sets CORS and security headers', async () => {
    const response = await call('/v1/principles', {
      headers: { 'X-Request-Id': 'trace-123', Origin: 'https://chapter.example' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Link');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('answers CORS preflight for public GETs', async () => {
    const response = await call('/v1/events', {
      method: 'OPTIONS',
      headers: { Origin: 'https://chapter.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('names the allowed methods on OPTIONS, with or without a preflight', async () => {
    const plain = await call('/v1/events', { method: 'OPTIONS' });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const preflight = await call('/v1/events/some-event', {
      method: 'OPTIONS',
      headers: { Origin: 'https://chapter.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
  });

  it('never lets probes be answered from a cache', async () => {
    const response = await call('/healthz', { headers: { 'If-None-Match': '*' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the OpenAPI 3.1 document, health and readiness', async () => {
    const doc = (await (await call('/openapi.json')).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/events');
    expect(await t.client.GET('/healthz')).toMatchObject({ status: 'ok' });
    expect(await t.client.GET('/readyz')).toMatchObject({ status: 'ok' });
  });

  it('serves the interactive reference and its script from this instance, with no CDN', async () => {
    const page = await call('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const src = html.match(/src="(\/docs\/assets\/api-reference\.[^"]+\.js)"/)?.[1];
    expect(src).toBeDefined();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com|fonts\.scalar/);
    const script = await call(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});

describe.each(testDatabases())('when the database is gone on $name', (backend) => {
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    const database = await backend.open();
    t = createTestApp(database);
    await database.close();
  });

  it('readiness answers a 503 problem', async () => {
    const response = await t.fetch('http://hub.test/readyz');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('service_unavailable');
  });

  it('reads answer a bare problem: no stack, no SQL, no driver message', async () => {
    const response = await t.fetch('http://hub.test/v1/chapters?country=GB');
    // A lost PostgreSQL connection is an outage (503, try again); a closed embedded
    // database is not something a retry fixes (500).
    const expected =
      backend.name === 'postgres'
        ? { status: 503, code: 'database_unavailable' }
        : { status: 500, code: 'internal_error' };
    expect(response.status).toBe(expected.status);
    const text = await response.text();
    const problem = JSON.parse(text) as { code: string; requestId: string };
    expect(problem.code).toBe(expected.code);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    expect(text).not.toMatch(/select |from "|\.ts:\d|closed|CONNECTION_ENDED|stack/i);
  });
});
