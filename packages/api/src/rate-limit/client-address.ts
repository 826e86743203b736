import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';

/**
 * The caller's address. Behind `hops` proxies that each append to
 * X-Forwarded-For, the client is the entry `hops` from the right: anything
 * further left was written by the client itself and cannot be trusted.
 */
export function clientAddressFrom(hops: number) {
  return (c: Context<AppEnv>): string => {
    if (hops > 0) {
      const chain = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const entry = chain[chain.length - hops];
      if (entry) return entry;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
}
