import type { SourceInput, SourcePatch } from '@oneteamgov/schema';
import { eq, sql } from 'drizzle-orm';
import { type SourceRow, sources } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { auditSource, checkUrl, getSourceOrThrow } from './manage-sources.js';

/**
 * Adds a source to a chapter (already checked to exist). Unlike the operator's
 * upsert, an id that is taken is refused: it may be another chapter's source.
 */
export async function createSource(
  ctx: ServiceCtx,
  { chapterId, input }: { chapterId: string; input: SourceInput },
): Promise<SourceRow> {
  checkUrl(input.url);
  const id = input.id ?? newId('src');
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .insert(sources)
      .values({
        id,
        chapterId,
        kind: input.kind,
        url: input.url,
        intervalMinutes: input.intervalMinutes ?? 60,
        review: input.review ?? false,
      })
      .onConflictDoNothing({ target: sources.id })
      .returning();
    if (!row) {
      throw new DomainError('conflict', `A source with id "${id}" already exists`, {
        fields: [{ field: 'id', detail: 'already taken; choose another or omit it' }],
      });
    }
    await auditSource(w, 'source.create', row);
    return row;
  });
}

/** A new URL starts the source afresh (no old cursor or validators) and makes it due now. */
export async function updateSource(
  ctx: ServiceCtx,
  { sourceId, patch }: { sourceId: string; patch: SourcePatch },
): Promise<SourceRow> {
  const current = await getSourceOrThrow(ctx, sourceId);
  const moved = patch.url !== undefined && patch.url !== current.url;
  if (patch.url !== undefined) checkUrl(patch.url);
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .update(sources)
      .set({
        ...(patch.intervalMinutes !== undefined ? { intervalMinutes: patch.intervalMinutes } : {}),
        ...(patch.review !== undefined ? { review: patch.review } : {}),
        ...(moved
          ? {
              url: patch.url,
              feedCursor: null,
              etag: null,
              lastModified: null,
              nextAttemptAt: sql`now()`,
            }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, sourceId))
      .returning();
    await auditSource(w, 'source.update', row!);
    return row!;
  });
}
