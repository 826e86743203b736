import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { micros } from '../../db/micros.js';
import { apiKeys } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { toApiKey } from './to-api-key.js';

const notFound = (keyId: string) => new DomainError('not_found', `No API key with id "${keyId}"`);

/** Keys newest first, revoked ones included (so admins can see what was cut off and when). */
export async function listKeys(
  ctx: ServiceCtx,
  input: { limit: number; cursor?: string | undefined },
) {
  const after = input.cursor ? decodeCursor('keys', input.cursor, 2) : undefined;
  const rows = await ctx.db
    .select({ row: apiKeys, at: micros(apiKeys.createdAt) })
    .from(apiKeys)
    .where(
      after
        ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${after[0]}::timestamptz, ${after[1]})`
        : undefined,
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map((p) => toApiKey(p.row)),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor('keys', [last.at, last.row.id]) : null,
  };
}

export async function getKey(ctx: ServiceCtx, keyId: string) {
  const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
  if (!row) throw notFound(keyId);
  return toApiKey(row);
}

/** Revocation is immediate and permanent; revoking twice is harmless. */
export async function revokeKey(ctx: ServiceCtx, keyId: string) {
  return withTransaction(ctx, async (w) => {
    await getKey(w, keyId);
    await w.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
    await recordAudit(w, {
      action: 'key.revoke',
      targetType: 'key',
      targetId: keyId,
      chapterId: null,
    });
    return getKey(w, keyId);
  });
}
