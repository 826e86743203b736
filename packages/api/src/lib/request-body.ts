import type { Context } from 'hono';
import type { AppEnv } from './context.js';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The raw request body, read once from a clone (so the route's validator can
 * still parse the original) and shared by the idempotency and audit layers.
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
