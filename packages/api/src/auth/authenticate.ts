import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/problem.js';
import { serviceCtx } from '../lib/service-context.js';
import { rateLimitHeaders } from '../rate-limit/headers.js';
import type { RateDecision } from '../rate-limit/limiter.js';
import { findKey } from '../services/keys/find-key.js';
import { rateLimitRejectionsTotal } from '../telemetry/process-metrics.js';
import { unauthorized } from './authorize.js';
import { looksLikeKey, parseBearer } from './secret.js';

const KEY_PARAM_NAMES = new Set(['api_key', 'apikey', 'key', 'access_token', 'token']);

/**
 * Resolves `Authorization: Bearer otg_…` to a principal. No header means an
 * anonymous call; a header that does not name a live key is a 401 (never a
 * silent downgrade to anonymous). Failed attempts spend a small per-address
 * budget, so guessing keys is throttled long before it could succeed.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    refuseKeysInUrl(new URL(c.req.url).searchParams);
    const header = c.req.header('authorization');
    if (header === undefined) return next();

    const deps = c.get('deps');
    const address = deps.clientAddress?.(c) ?? 'unknown';
    const limits = deps.rateLimits;
    if (limits) {
      const decision = await limits.peek('failedAuth', address);
      if (!decision.allowed) throw tooManyFailures(decision);
    }
    const secret = parseBearer(header);
    const principal = secret ? await findKey(serviceCtx(c), secret) : null;
    if (!principal) {
      if (limits) {
        const decision = await limits.consume('failedAuth', address);
        if (!decision.allowed) throw tooManyFailures(decision);
      }
      throw unauthorized(
        secret
          ? 'The API key is unknown, expired or revoked'
          : 'The Authorization header must be `Bearer otg_…`',
      );
    }
    c.set('principal', principal);
    await next();
  };
}

/** Keys in URLs end up in logs, histories and Referer headers: refuse them outright. */
function refuseKeysInUrl(params: URLSearchParams): void {
  for (const [name, value] of params) {
    if (
      looksLikeKey(value) ||
      (KEY_PARAM_NAMES.has(name.toLowerCase()) && value.startsWith('otg_'))
    ) {
      throw new ApiError(
        'invalid_request',
        'API keys are never accepted in URLs; send `Authorization: Bearer otg_…` (and consider revoking the key you put in this URL)',
        { errors: [{ pointer: `/query/${name}`, detail: 'looks like an API key' }] },
      );
    }
  }
}

function tooManyFailures(decision: RateDecision) {
  rateLimitRejectionsTotal.inc({ budget: 'failedAuth' });
  return new ApiError('rate_limited', 'Too many failed authentication attempts from this address', {
    headers: { ...rateLimitHeaders(decision), 'Retry-After': String(decision.resetSeconds) },
  });
}
