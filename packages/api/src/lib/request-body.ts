import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The raw request body, read once from a clone (so the route's validator can
 * still parse the original) and shared by the idempotency layer and the audit entry the write records.
 */
export async function requestBodyBytes(c: Context<AppEnv>): Promise<Uint8Array> {
  const cached = c.get('bodyBytes');
  if (cached) return cached;
  const bytes = c.req.raw.body
    ? new Uint8Array(await c.req.raw.clone().arrayBuffer())
    : new Uint8Array();
  c.set('bodyBytes', bytes);
  return bytes;
}

/** Keeps the body of every write, so its service can put the body's keyed hash in the audit log. */
export function keepWriteBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (WRITE_METHODS.has(c.req.method)) await requestBodyBytes(c);
    await next();
  };
}
