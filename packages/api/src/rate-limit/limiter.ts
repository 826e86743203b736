import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface RatePolicy {
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
}

export interface RatePolicies {
  /** Per client address, for calls without a key. */
  anonymous: RatePolicy;
  /** Per API key. */
  key: RatePolicy;
  /** Per client address, counting only failed authentications (a key guesser's budget). */
  failedAuth: RatePolicy;
}

export const DEFAULT_RATE_POLICIES: RatePolicies = {
  anonymous: { points: 300, windowSeconds: 60 },
  key: { points: 1200, windowSeconds: 60 },
  failedAuth: { points: 10, windowSeconds: 900 },
};

export type Bucket = keyof RatePolicies;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters from rate-limiter-flexible: in process memory by default,
 * in Redis when a client is given, so every replica shares one budget per caller.
 * If Redis fails, each process falls back to its own memory counters rather than
 * refusing traffic or letting it through unmetered.
 */
export class RateLimits {
  private readonly limiters: Record<Bucket, RateLimiterAbstract>;

  constructor(
    readonly policies: RatePolicies = DEFAULT_RATE_POLICIES,
    redis?: Redis,
    keyPrefix = 'otg-rl',
  ) {
    const make = (bucket: Bucket) => {
      const { points, windowSeconds } = policies[bucket];
      const options = { points, duration: windowSeconds, keyPrefix: `${keyPrefix}:${bucket}` };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.limiters = {
      anonymous: make('anonymous'),
      key: make('key'),
      failedAuth: make('failedAuth'),
    };
  }

  /** Counts one request against `id` in `bucket`. */
  async consume(bucket: Bucket, id: string): Promise<RateDecision> {
    try {
      return this.decision(bucket, await this.limiters[bucket].consume(id), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.decision(bucket, rejection, false);
      throw rejection;
    }
  }

  /** Looks without counting (to refuse a blocked caller before doing any work). */
  async peek(bucket: Bucket, id: string): Promise<RateDecision> {
    const res = await this.limiters[bucket].get(id);
    const { points } = this.policies[bucket];
    if (!res) return this.decision(bucket, new RateLimiterRes(points, 0, 0), true);
    return this.decision(bucket, res, res.consumedPoints < points);
  }

  private decision(bucket: Bucket, res: RateLimiterRes, allowed: boolean): RateDecision {
    const { points, windowSeconds } = this.policies[bucket];
    return {
      allowed,
      limit: points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      windowSeconds,
    };
  }
}
