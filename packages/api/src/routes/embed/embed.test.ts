import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { CACHING, cacheControl } from '../../lib/cache.js';
import { embedBuild } from './embed-assets.js';

/** What the issue promises chapter sites: the served element stays this small. */
const BUDGET_GZIPPED = 12 * 1024;

describe.each(testDatabases())('embed routes on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  const call = (path: string, init?: RequestInit) => t.fetch(`http://hub.test${path}`, init);

  it('serves the element as a cacheable, cross-origin ES module within its size budget', async () => {
    const response = await call('/embed/otg-events.js', {
      headers: { Origin: 'https://cymru.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe(cacheControl(CACHING.directory));
    const code = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(code)).toContain('otg-events');
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET_GZIPPED);

    const again = await call('/embed/otg-events.js', {
      headers: { 'If-None-Match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('serves the same bytes at an immutable release URL whose SRI hash matches them', async () => {
    const { release, manifest } = await embedBuild();
    const response = await call(`/embed/${release}/otg-events.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(cacheControl(CACHING.immutable));
    const code = Buffer.from(await response.arrayBuffer());
    expect(`sha384-${createHash('sha384').update(code).digest('base64')}`).toBe(manifest.integrity);
    const latest = Buffer.from(await (await call('/embed/otg-events.js')).arrayBuffer());
    expect(latest.equals(code)).toBe(true);
  });

  it('answers an unknown release with a 404 problem naming the current one', async () => {
    const { release } = await embedBuild();
    const response = await call('/embed/0.0.1-000000000000/otg-events.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain(release);
  });

  it('renders the iframe page with the chosen options, frameable by any site, scripts from the hub only', async () => {
    const response = await call(
      '/embed/events?chapter=wales,north&lang=cy&layout=month&limit=5&include-past',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain('frame-ancestors *');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const page = await response.text();
    expect(page).toContain('<html lang="cy">');
    expect(page).toMatch(
      /<otg-events chapter="wales north" lang="cy" layout="month" limit="5" include-past link-target="_top"/,
    );
  });

  it('escapes what it echoes and refuses options it does not know or cannot use', async () => {
    for (const [query, pointer] of [
      ['chapter=%22%3E%3Cscript%3E', '/query/chapter/0'],
      ['lang=not%20a%20tag', '/query/lang'],
      ['layout=grid', '/query/layout'],
      ['limit=1000', '/query/limit'],
      ['lang=cy&lang=fr', '/query/lang'],
      ['colour=red', '/query/colour'],
    ] as const) {
      const response = await call(`/embed/events?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = (await response.json()) as { errors: { pointer: string }[] };
      expect(body.errors.map((e) => e.pointer)).toContain(pointer);
    }
  });

  it('serves the builder with the current release and integrity, and forbids framing it', async () => {
    const { release, manifest } = await embedBuild();
    const response = await call('/embed');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).toContain(`data-release="${release}"`);
    expect(page).toContain(`data-integrity="${manifest.integrity}"`);
    expect(page).toContain('<script type="module" src="/embed/builder.js">');
  });

  it('serves the iframe helper scripts', async () => {
    for (const path of ['/embed/frame.js', '/embed/resize.js', '/embed/builder.js']) {
      const response = await call(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/javascript/);
    }
  });
});
