import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';

/**
 * Prometheus metrics for one app. Each app has its own registry, so several
 * apps in one process (tests, a worker beside the API) never share counters.
 * Process metrics include `nodejs_eventloop_lag_seconds`.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return {
    registry,
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
    rateLimited: new Counter({
      name: 'http_rate_limit_rejections_total',
      help: 'Requests refused with 429 because a budget was spent',
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The route template that answered (`/v1/events/:eventId`), never the raw path,
 * so label values stay few; anything no route matched is `unmatched`.
 */
function routeTemplate(c: Context): string {
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
      if (status === 429) metrics.rateLimited.inc();
    }
  };
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /metrics` in the Prometheus text format, only for a scraper presenting
 * `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured it is not
 * mounted at all: metrics reveal traffic and must be opted into.
 */
export function mountMetrics(app: Hono<AppEnv>, metrics: Metrics, token: string) {
  app.get('/metrics', async (c) => {
    const given = c.req.header('Authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    if (!sameSecret(given, token)) {
      throw new ApiError('unauthorized', 'Send the metrics token as a bearer token', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await metrics.registry.metrics(), 200, {
      'Content-Type': metrics.registry.contentType,
    });
  });
}
