import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Principal } from '../../auth/principal.js';
import { hashSecret } from '../../auth/secret.js';
import { apiKeys } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';

/**
 * The live key for a secret, or null when it is unknown, revoked or expired.
 * Read from the database on every request: a revoked key fails on the very next
 * call, in every process.
 */
export async function findKey(ctx: ServiceCtx, secret: string): Promise<Principal | null> {
  const now = ctx.now();
  const [row] = await ctx.db
    .select({ id: apiKeys.id, grants: apiKeys.grants, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.secretHash, hashSecret(secret)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    );
  if (!row) return null;
  // last-used is for people auditing their keys; minute precision spares a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  return { keyId: row.id, grants: row.grants as Principal['grants'] };
}
