import { createHash } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { mountActivityPub } from './activitypub/mount.js';
import { authenticate } from './auth/authenticate.js';
import { enforceRoutePolicies } from './auth/enforce-route-policies.js';
import { idempotency } from './idempotency/middleware.js';
import { CACHING, cacheControl } from './lib/cache.js';
import { compression } from './lib/compress.js';
import type { AppDeps } from './lib/context.js';
import { createRouter } from './lib/create-router.js';
import { announceDeprecations } from './lib/deprecation.js';
import { problemResponse } from './lib/errors-handler.js';
import { jsonBodiesOnly } from './lib/json-bodies.js';
import { allowedMethodsFinder, allowOnOptions } from './lib/method-not-allowed.js';
import { createMetrics, measureRequests, mountMetrics } from './lib/metrics.js';
import { PROBE_PATHS } from './lib/probe-paths.js';
import { ApiError } from './lib/problem.js';
import { keepWriteBodies } from './lib/request-body.js';
import { setResponseHeader } from './lib/response-headers.js';
import { MCP_PATH } from './mcp/http-endpoint.js';
import { openApiDocument } from './openapi.js';
import { RATE_LIMIT_HEADER_NAMES } from './rate-limit/headers.js';
import { rateLimit } from './rate-limit/middleware.js';
import { buildRoutes } from './routes/index.js';
import { mountDocs } from './routes/meta/docs-page.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const EXPOSED_HEADERS = [
  'ETag',
  'Link',
  'Location',
  'X-Request-Id',
  'Retry-After',
  'Vary',
  'Idempotent-Replayed',
  'Deprecation',
  'Sunset',
  ...RATE_LIMIT_HEADER_NAMES,
];

/**
 * The HTTP application. Pure construction: no I/O, no environment reads; the
 * caller passes the database, logger and settings in.
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const routes = buildRoutes();
  const allowedMethods = allowedMethodsFinder(
    routes.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route' ? [{ method: d.route.method, path: d.route.path }] : [],
    ),
  );

  // Metrics only when a scraper is configured: nothing is counted otherwise.
  const metrics = deps.metrics ?? (deps.metricsToken ? createMetrics() : undefined);
  if (metrics) app.use('*', measureRequests(metrics));
  // Outermost but for metrics, so the request log line and database spans fall inside the request span.
  if (deps.traceRequests) app.use('*', deps.traceRequests);
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
  // Outermost after the log line, so every text answer (errors too) can be compressed.
  app.use('*', compression());
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use('*', allowOnOptions(allowedMethods));
  const preflight = cors({
    origin: '*',
    // Browsers may read anything; the one cross-origin POST is /mcp (read-only tools, no key needed).
    allowMethods: (_origin, c) =>
      c.req.path === MCP_PATH ? ['POST', 'OPTIONS'] : ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: [
      'If-None-Match',
      'Content-Type',
      'Authorization',
      'X-Request-Id',
      'Mcp-Protocol-Version',
    ],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 86_400,
  });
  const exposedHeaders = EXPOSED_HEADERS.join(',');
  // Other requests get the same two headers as the CORS middleware gives them, set on
  // the finished answer instead of before the route runs (which makes every answer be
  // copied into a new Response, its body turned into a stream).
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    setResponseHeader(c, 'Access-Control-Allow-Origin', '*');
    setResponseHeader(c, 'Access-Control-Expose-Headers', exposedHeaders);
  });
  const limitBodies = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(
        'payload_too_large',
        `Request bodies are limited to ${MAX_BODY_BYTES} bytes`,
      );
    },
  });
  // GET and HEAD requests carry no body (the Fetch API refuses one), and asking for it
  // makes @hono/node-server build a whole Request object.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBodies(c, next),
  );
  // Probes stay outside authentication and budgets: orchestrators must always reach them.
  // The metrics scrape has its own token and must not spend a client's budget.
  const unbudgeted = new Set([...PROBE_PATHS, '/metrics']);
  const authenticated = authenticate();
  const budgeted = rateLimit();
  app.use('*', async (c, next) => {
    if (unbudgeted.has(c.req.path)) return next();
    await authenticated(c, async () => {
      await budgeted(c, next);
    });
  });
  app.use('/v1/*', jsonBodiesOnly(), idempotency(), keepWriteBodies());
  const conditional = etag({
    // node:crypto hashes a page several times faster than crypto.subtle's async digest.
    generateDigest: (body) => {
      const digest = createHash('sha1').update(body).digest();
      return digest.buffer.slice(
        digest.byteOffset,
        digest.byteOffset + digest.byteLength,
      ) as ArrayBuffer;
    },
    retainedHeaders: [
      ...RETAINED_304_HEADERS,
      'x-request-id',
      'access-control-allow-origin',
      'access-control-expose-headers',
    ],
  });
  // Probes must always answer fresh; everything else readable is revalidatable.
  app.use('/v1/*', conditional);
  app.use('/openapi.json', conditional);
  app.use('/.well-known/*', conditional);

  enforceRoutePolicies(
    app,
    routes.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : [])),
  );
  // Deprecated operations say so, and when they stop answering, on every answer.
  announceDeprecations(
    app,
    routes.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : [])),
  );
  // ActivityPub before the API routes: Fedify answers its own paths and hands on the rest.
  mountActivityPub(app, deps);
  app.route('/', routes);

  app.get('/openapi.json', (c) => {
    c.header('Cache-Control', cacheControl(CACHING.directory));
    return c.json(openApiDocument());
  });
  mountDocs(app, `${deps.instanceName} API reference`);
  if (metrics && deps.metricsToken) mountMetrics(app, metrics, deps.metricsToken);

  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed) {
      return problemResponse(
        c,
        new ApiError('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return problemResponse(c, new ApiError('not_found', `Nothing at ${c.req.path}`));
  });
  app.onError((error, c) => problemResponse(c, error));

  return app;
}

export type App = ReturnType<typeof createApp>;
