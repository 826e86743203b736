import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { requestBodyBytes, WRITE_METHODS } from '../lib/request-body.js';
import { recordAudit } from '../services/audit/record-audit.js';

export interface AuditTarget {
  action: string;
  type: string;
  id: string;
  chapterId: string | null;
}

/** Handlers name what they changed; the audit middleware records it once the write succeeded. */
export function auditTarget(c: Context<AppEnv>, target: AuditTarget): void {
  c.set('auditTarget', target);
}

/**
 * Every successful write by a key is recorded, whether or not its handler named
 * the target (then the method and path stand in), so no write can slip past.
 * Replayed idempotent responses are not new writes and are not recorded again.
 */
export function auditWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!WRITE_METHODS.has(c.req.method)) return next();
    const body = await requestBodyBytes(c);
    await next();
    const principal = c.get('principal');
    if (!principal || c.res.status >= 300 || c.res.headers.get('Idempotent-Replayed')) return;
    const target = c.get('auditTarget') ?? {
      action: `${c.req.method} ${c.req.path}`,
      type: 'unknown',
      id: c.req.path.slice(0, 100),
      chapterId: null,
    };
    const entry = {
      actorType: 'key' as const,
      actorId: principal.keyId,
      action: target.action,
      targetType: target.type,
      targetId: target.id,
      chapterId: target.chapterId,
      requestId: c.get('requestId'),
    };
    try {
      await recordAudit(c.get('deps').db, { ...entry, input: body });
    } catch (error) {
      // The write has happened: failing the response now would make the client retry a
      // write that succeeded. The entry goes to the error log instead (ids only, no body).
      c.get('deps').logger.error({ err: error, audit: entry }, 'audit entry could not be stored');
    }
  };
}
