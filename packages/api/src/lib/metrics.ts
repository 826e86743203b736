import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Gauge, Histogram, Registry } from 'prom-client';
import { collectNodeMetrics } from '../telemetry/process-metrics.js';
import { CACHING, cacheControl } from './cache.js';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';

/**
 * Prometheus metrics for one app. Each app has its own registry for its HTTP
 * metrics, so several apps in one process (tests) never share request counts;
 * a scrape also reports the process's metrics (workers, database pool,
 * rate-limit refusals, Node's own including `nodejs_eventloop_lag_seconds`),
 * see src/telemetry/process-metrics.ts.
 */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    /** What a scrape reports: this app's metrics and the process's. */
    exposition: () => Registry.merge([registry, collectNodeMetrics()]),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer a request, by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'Requests being answered now',
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The route template that answered (`/v1/events/:eventId`), never the raw path,
 * so label values stay few; anything no route matched is `unmatched`.
 */
export function routeTemplate(c: Context): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return handlers.at(-1)?.path ?? 'unmatched';
}

/** Counts and times every request; registered first so it sees every answer. */
export function measureRequests(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const stop = metrics.duration.startTimer();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      const status = c.res.status;
      stop({ method: c.req.method, route: routeTemplate(c), status: String(status) });
    }
  };
}

/** Whether an Authorization header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const a = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in the Prometheus text format, only for a scraper presenting
 * `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured it is not
 * mounted at all: metrics reveal traffic and must be opted into.
 */
export function mountMetrics(app: Hono<AppEnv>, metrics: Metrics, token: string) {
  app.get('/metrics', async (c) => {
    if (!bearerMatches(c.req.header('Authorization'), token)) {
      throw new ApiError('unauthorized', 'Send the metrics token as a bearer token', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    c.header('Cache-Control', cacheControl(CACHING.none));
    const registry = metrics.exposition();
    return c.body(await registry.metrics(), 200, {
      'Content-Type': registry.contentType,
    });
  });
}
