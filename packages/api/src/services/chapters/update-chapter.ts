import type { Chapter, ChapterPatch } from '@oneteamgov/schema';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { chapters } from '../../db/schema/index.js';
import { ApiError } from '../../lib/problem.js';
import type { ServiceCtx } from '../context.js';
import { chapterColumns, chapterSearchText, checkParent } from './chapter-values.js';
import { toChapter } from './to-chapter.js';

export const chapterNotFound = (chapterId: string) =>
  new ApiError('not_found', `No chapter with id "${chapterId}"`);

/**
 * Changes a chapter this instance is authoritative for. A mirrored chapter
 * would be overwritten by the next pull from its origin, so it is refused.
 */
export async function updateChapter({
  ctx,
  chapterId,
  patch,
  origin,
}: {
  ctx: ServiceCtx;
  chapterId: string;
  patch: ChapterPatch;
  origin: string;
}): Promise<Chapter> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(chapters)
      .where(and(eq(chapters.id, chapterId), isNull(chapters.deletedAt)))
      .for('update');
    if (!current) throw chapterNotFound(chapterId);
    if (current.origin !== origin) {
      throw new ApiError(
        'conflict',
        `Chapter "${chapterId}" is owned by ${current.origin}; change it on that instance`,
      );
    }
    if (patch.parentId) await checkParent({ ...ctx, db: tx }, patch.parentId, chapterId);
    const columns = chapterColumns(patch);
    const merged = { ...current, ...columns };
    const [row] = await tx
      .update(chapters)
      .set({ ...columns, searchText: chapterSearchText(merged), updatedAt: sql`now()` })
      .where(eq(chapters.id, chapterId))
      .returning();
    return toChapter(row!);
  });
}
