import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/lib/context.js';
import { announceDeprecations, deprecation } from '../../src/lib/deprecation.js';
import { openApiDocument } from '../../src/openapi.js';

const ok = {
  200: { description: 'OK', content: { 'application/json': { schema: z.object({}) } } },
};

/** An app with one deprecated operation and one current one, declared the way every route is. */
function appWith(notice: Parameters<typeof deprecation>[0]) {
  const app = new OpenAPIHono<AppEnv>();
  const old = createRoute({
    method: 'get',
    path: '/v1/old-things/{id}',
    request: { params: z.object({ id: z.string() }) },
    responses: ok,
    ...deprecation(notice),
  });
  const current = createRoute({ method: 'get', path: '/v1/things', responses: ok });
  const routes = new OpenAPIHono<AppEnv>()
    .openapi(old, (c) => {
      if (c.req.valid('param').id === 'missing') throw new HTTPException(404, { message: 'gone' });
      return c.json({}, 200);
    })
    .openapi(current, (c) => c.json({}, 200));
  announceDeprecations(
    app,
    routes.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : [])),
  );
  app.route('/', routes);
  return { app, routes };
}

describe('Deprecation and Sunset headers, declared per operation', () => {
  const { app, routes } = appWith({
    since: '2026-12-01',
    sunset: '2027-06-30',
    link: 'https://hub.example.org/docs/versioning#deprecations',
  });

  it('sends both headers and a deprecation link on every answer of a deprecated operation', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await app.request('/v1/old-things/42', { method });
      expect(response.status).toBe(200);
      // RFC 9745: seconds since the epoch of 2026-12-01T00:00:00Z.
      expect(response.headers.get('Deprecation')).toBe('@1796083200');
      expect(response.headers.get('Sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
      expect(response.headers.get('Link')).toBe(
        '<https://hub.example.org/docs/versioning#deprecations>; rel="deprecation"; type="text/html"',
      );
    }
  });

  it('sends them on errors too', async () => {
    const response = await app.request('/v1/old-things/missing');
    expect(response.status).toBe(404);
    expect(response.headers.get('Deprecation')).toBe('@1796083200');
    expect(response.headers.get('Sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
  });

  it('leaves operations that are not deprecated alone', async () => {
    const response = await app.request('/v1/things');
    expect(response.headers.get('Deprecation')).toBeNull();
    expect(response.headers.get('Sunset')).toBeNull();
  });

  it('publishes the same declaration in the OpenAPI document', () => {
    const document = routes.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
    });
    expect(document.paths?.['/v1/old-things/{id}']?.get).toMatchObject({
      deprecated: true,
      'x-deprecation': { since: '2026-12-01', sunset: '2027-06-30' },
    });
    expect(document.paths?.['/v1/things']?.get?.deprecated).toBeUndefined();
  });

  it('refuses, when the app is built, a notice without a valid date or with a sunset before it', () => {
    expect(() => appWith({ since: '1 Dec 2026' })).toThrow(
      /since "1 Dec 2026" is not a YYYY-MM-DD date/,
    );
    expect(() => appWith({ since: '2026-12-01', sunset: '2026-11-01' })).toThrow(
      /sunset must come after since/,
    );
  });

  it('sends Deprecation alone while no sunset is decided', async () => {
    const { app: undecided } = appWith({ since: '2026-12-01' });
    const response = await undecided.request('/v1/old-things/1');
    expect(response.headers.get('Deprecation')).toBe('@1796083200');
    expect(response.headers.get('Sunset')).toBeNull();
  });
});

describe('the published API', () => {
  it('has no operation marked deprecated without the dates its headers are built from', () => {
    for (const [path, item] of Object.entries(openApiDocument().paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const op = operation as { deprecated?: boolean; 'x-deprecation'?: unknown };
        if (op?.deprecated) expect(op['x-deprecation'], `${method} ${path}`).toBeDefined();
      }
    }
  });
});
