import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { RateLimits } from './limiter.js';

/** Rate limits as configured; the returned close() ends the Redis connection, if any. */
export function rateLimitsFromConfig(config: Config, logger: Logger) {
  const policies = {
    anonymous: { points: config.RATE_LIMIT_ANONYMOUS, windowSeconds: 60 },
    key: { points: config.RATE_LIMIT_KEY, windowSeconds: 60 },
    failedAuth: { points: config.RATE_LIMIT_FAILED_AUTH, windowSeconds: 900 },
  };
  if (!config.REDIS_URL) return { limits: new RateLimits(policies), close: async () => {} };
  const redis = new Redis(config.REDIS_URL, {
    // Fail fast: while Redis is away, each process counts in memory instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', (err) =>
    logger.warn({ err: err.message }, 'redis unavailable; counting rate limits in memory'),
  );
  return {
    limits: new RateLimits(policies, redis),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
