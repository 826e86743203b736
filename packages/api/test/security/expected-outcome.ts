import type { Access } from '../../src/auth/route-policy.js';

export type Caller = 'anonymous' | 'chapterA' | 'chapterB' | 'revoked' | 'admin';
export type Outcome = 'ok' | 'unauthorized' | 'forbidden' | 'notFound' | 'other';

/**
 * Who must succeed, from the access rule each operation declares (published as
 * `x-access` in the OpenAPI document). Every target belongs to chapter A, so
 * chapter B's key stands for "a key that is not yours" and must get the same
 * 404 as a missing object.
 */
export function expectedOutcome(op: { path: string; access: Access }, caller: Caller): Outcome {
  // Probes answer everyone: orchestrators send no key, and a stale one must not fail a probe.
  if (op.path === '/healthz' || op.path === '/readyz') return 'ok';
  if (caller === 'revoked') return 'unauthorized';
  switch (op.access.kind) {
    case 'anonymous':
      return 'ok';
    case 'key':
      return caller === 'anonymous' ? 'unauthorized' : 'ok';
    case 'admin':
      return caller === 'anonymous' ? 'unauthorized' : caller === 'admin' ? 'ok' : 'forbidden';
    case 'chapter':
    case 'owner':
      if (caller === 'anonymous') return 'unauthorized';
      return caller === 'chapterB' ? 'notFound' : 'ok';
  }
}
