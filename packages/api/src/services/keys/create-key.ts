import type { KeyGrant } from '@oneteamgov/schema';
import { inArray } from 'drizzle-orm';
import { displayPrefix, generateSecret, hashSecret } from '../../auth/secret.js';
import { apiKeys, chapters } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { toApiKey } from './to-api-key.js';

export interface CreateKeyInput {
  name: string;
  grants: KeyGrant[];
  expiresAt?: string | null | undefined;
  /** The admin key that made it, or `cli`. */
  createdBy: string;
}

/** Makes a key and returns its secret: the only time the secret exists outside the caller. */
export async function createKey(ctx: ServiceCtx, input: CreateKeyInput) {
  const chapterIds = [...new Set(input.grants.flatMap((g) => (g.chapterId ? [g.chapterId] : [])))];
  if (chapterIds.length > 0) {
    const found = await ctx.db
      .select({ id: chapters.id })
      .from(chapters)
      .where(inArray(chapters.id, chapterIds));
    const missing = chapterIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) {
      throw new DomainError('invalid_request', `Unknown chapter(s): ${missing.join(', ')}`, {
        fields: missing.map((id) => ({
          field: `grants/${input.grants.findIndex((g) => g.chapterId === id)}/chapterId`,
          detail: `no chapter with id "${id}"`,
        })),
      });
    }
  }
  if (input.expiresAt && Date.parse(input.expiresAt) <= ctx.now().getTime()) {
    throw new DomainError('invalid_request', 'expiresAt must be in the future', {
      fields: [{ field: 'expiresAt', detail: 'must be in the future' }],
    });
  }
  const secret = generateSecret();
  const grants = dedupe(input.grants);
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .insert(apiKeys)
      .values({
        id: newId('key'),
        name: input.name,
        prefix: displayPrefix(secret),
        secretHash: hashSecret(secret),
        grants,
        createdBy: input.createdBy,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      })
      .returning();
    await recordAudit(w, {
      action: 'key.create',
      targetType: 'key',
      targetId: row!.id,
      chapterId: null,
    });
    return { ...toApiKey(row!), secret };
  });
}

function dedupe(grants: KeyGrant[]): KeyGrant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = `${g.scope}|${g.chapterId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
