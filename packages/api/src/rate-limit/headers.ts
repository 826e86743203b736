import type { RateDecision } from './limiter.js';

/**
 * IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers):
 * RateLimit-Limit / -Remaining / -Reset in seconds, and the policy as
 * `limit;w=window`.
 */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'RateLimit-Policy': `${decision.limit};w=${decision.windowSeconds}`,
  };
}

export const RATE_LIMIT_HEADER_NAMES = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
];
