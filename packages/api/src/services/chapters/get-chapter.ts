import type { Chapter } from '@oneteamgov/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { chapters } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { chapterNotFound } from './chapter-errors.js';
import { toChapter } from './to-chapter.js';

/** Fetch-or-throw: every chapter-scoped lookup goes through here. */
export async function getChapterOrThrow(ctx: ServiceCtx, chapterId: string): Promise<Chapter> {
  const [row] = await ctx.db
    .select()
    .from(chapters)
    .where(and(eq(chapters.id, chapterId), isNull(chapters.deletedAt)))
    .limit(1);
  if (!row) throw chapterNotFound(chapterId);
  return toChapter(row);
}
