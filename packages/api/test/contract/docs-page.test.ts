import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createTestApp } from '../helpers/test-app.js';

describe.each(testDatabases())('/docs on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  const scriptsOf = async () => {
    const html = await (await t.app.request('/docs')).text();
    return [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]!);
  };

  it('sends a policy that lets the page reach only this instance, and no inline script', async () => {
    const response = await t.app.request('/docs');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:|\*|unsafe-eval/);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(await scriptsOf()).toHaveLength(2);
  });

  it("turns off Scalar's hosted services and developer toolbar", async () => {
    const html = await (await t.app.request('/docs')).text();
    const configuration = JSON.parse(
      html.match(/data-configuration="([^"]+)"/)![1]!.replace(/&#34;/g, '"'),
    ) as Record<string, unknown>;
    expect(configuration).toMatchObject({
      agent: { disabled: true },
      mcp: { disabled: true },
      showDeveloperTools: 'never',
      telemetry: false,
      url: '/openapi.json',
    });
  });

  it('serves the reference script compressed, immutable, with an ETag', async () => {
    const [bundle] = await scriptsOf();
    expect(bundle).toMatch(/^\/docs\/assets\/api-reference\.[\w-]+\.js$/);
    const identity = await t.app.request(bundle!);
    const raw = Buffer.from(await identity.arrayBuffer());
    expect(raw.length).toBeGreaterThan(1_000_000);
    const response = await t.app.request(bundle!, { headers: { 'Accept-Encoding': 'br' } });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    const compressed = Buffer.from(await response.arrayBuffer());
    expect(compressed.length).toBeLessThan(raw.length / 3);
    expect(brotliDecompressSync(compressed).equals(raw)).toBe(true);
    const etag = response.headers.get('etag')!;
    const again = await t.app.request(bundle!, {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('answers an unknown or outdated asset name with 404', async () => {
    expect((await t.app.request('/docs/assets/api-reference.js')).status).toBe(404);
  });

  it('has a favicon', async () => {
    const response = await t.app.request('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toContain('<svg');
  });
});
