import type { Chapter, ChapterPatch } from '@oneteamgov/schema';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { chapters } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { emit } from '../outbox/emit.js';
import { chapterNotFound } from './chapter-errors.js';
import { chapterColumns, chapterSearchText, checkParent } from './chapter-values.js';
import { toChapter } from './to-chapter.js';

/**
 * Changes a chapter this instance is authoritative for. A mirrored chapter
 * would be overwritten by the next pull from its origin, so it is refused.
 */
export async function updateChapter(
  ctx: ServiceCtx,
  { chapterId, patch }: { chapterId: string; patch: ChapterPatch },
): Promise<Chapter> {
  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const [current] = await tx
      .select()
      .from(chapters)
      .where(and(eq(chapters.id, chapterId), isNull(chapters.deletedAt)))
      .for('update');
    if (!current) throw chapterNotFound(chapterId);
    if (current.origin !== w.origin) {
      throw new DomainError(
        'conflict',
        `Chapter "${chapterId}" is owned by ${current.origin}; change it on that instance`,
      );
    }
    if (patch.parentId) await checkParent(w, patch.parentId, chapterId);
    const columns = chapterColumns(patch);
    const merged = { ...current, ...columns };
    const [row] = await tx
      .update(chapters)
      .set({ ...columns, searchText: chapterSearchText(merged), updatedAt: sql`now()` })
      .where(eq(chapters.id, chapterId))
      .returning();
    const chapter = toChapter(row!);
    await recordAudit(w, {
      action: 'chapter.update',
      targetType: 'chapter',
      targetId: chapterId,
      chapterId,
    });
    await emit(w, [{ type: 'chapter.updated', chapterId, data: chapter }]);
    return chapter;
  });
}
