import type { Context } from 'hono';
import type { ServiceCtx } from '../services/context.js';
import type { AppEnv } from './context.js';

/**
 * The service context of an API request: the caller's key as the actor (an
 * anonymous read acts as the hub), the request id and the body it sent, which
 * only ever reaches the audit log as a keyed hash.
 */
export function serviceCtx(c: Context<AppEnv>): ServiceCtx {
  const deps = c.get('deps');
  const principal = c.get('principal');
  return {
    db: deps.db,
    now: deps.now ?? (() => new Date()),
    actor: principal ? { type: 'key', id: principal.keyId } : { type: 'system', id: 'anonymous' },
    requestId: c.get('requestId') ?? null,
    origin: deps.publicUrl,
    input: c.get('bodyBytes') ?? null,
  };
}
