export type Caller = 'anonymous' | 'chapterA' | 'chapterB' | 'revoked' | 'admin';
export type Outcome = 'ok' | 'unauthorized' | 'forbidden' | 'notFound' | 'other';

/**
 * Who must succeed, from what the OpenAPI document says about the operation.
 * Every target belongs to chapter A, so chapter B's key stands for "a key that
 * is not yours" and must get the same 404 as a missing object.
 */
export function expectedOutcome(
  op: { path: string; secured: boolean; scope: string | undefined },
  caller: Caller,
): Outcome {
  // Probes answer everyone: orchestrators send no key, and a stale one must not fail a probe.
  if (op.path === '/healthz' || op.path === '/readyz') return 'ok';
  if (caller === 'revoked') return 'unauthorized';
  if (!op.secured) return 'ok';
  if (caller === 'anonymous') return 'unauthorized';
  if (caller === 'admin') return 'ok';
  if (op.scope === undefined) return 'ok';
  if (op.scope === 'admin') return 'forbidden';
  return caller === 'chapterA' ? 'ok' : 'notFound';
}
