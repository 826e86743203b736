import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/problem.js';
import { setResponseHeader } from '../lib/response-headers.js';
import { rateLimitRejectionsTotal } from '../telemetry/process-metrics.js';
import { rateLimitHeaders } from './headers.js';
import type { Bucket } from './limiter.js';

/**
 * Per-key (or, anonymously, per-address) request budget. Every response carries
 * RateLimit-* headers; past the limit the answer is 429 with Retry-After.
 *
 * A conditional request counts like any other: the 304 is decided by hashing
 * the full response, so revalidating costs the server a whole query, and
 * refunding it let a caller repeat that work without limit.
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const limits = deps.rateLimits;
    if (!limits) return next();
    const principal = c.get('principal');
    const bucket: Bucket = principal ? 'key' : 'anonymous';
    const id = principal ? principal.keyId : (deps.clientAddress?.(c) ?? 'unknown');
    const decision = await limits.consume(bucket, id);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      rateLimitRejectionsTotal.inc({ budget: bucket });
      throw new ApiError(
        'rate_limited',
        `At most ${decision.limit} requests per ${decision.windowSeconds} s; retry after ${decision.resetSeconds} s`,
        { headers: { ...headers, 'Retry-After': String(decision.resetSeconds) } },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) setResponseHeader(c, name, value);
  };
}
