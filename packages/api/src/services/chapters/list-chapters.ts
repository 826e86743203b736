import type { Chapter, ChapterListQuery } from '@oneteamgov/schema';
import { and, asc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import { chapters } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';
import { matchesSearch } from '../search-query.js';
import { toChapter } from './to-chapter.js';

export async function listChapters(
  ctx: ServiceCtx,
  input: ChapterListQuery,
): Promise<{ data: Chapter[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [isNull(chapters.deletedAt)];
  if (input.country) where.push(inArray(chapters.country, input.country));
  if (input.kind) where.push(inArray(chapters.kind, input.kind));
  if (input.status) where.push(inArray(chapters.status, input.status));
  if (input.parent) where.push(eq(chapters.parentId, input.parent));
  if (input.q) where.push(matchesSearch(chapters.searchVector, input.q));
  if (input.cursor) {
    const [afterId] = decodeCursor('chapters', input.cursor, 1);
    where.push(gt(chapters.id, afterId!));
  }
  const rows = await ctx.db
    .select()
    .from(chapters)
    .where(and(...where))
    .orderBy(asc(chapters.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map(toChapter),
    nextCursor: rows.length > input.limit && last ? encodeCursor('chapters', [last.id]) : null,
  };
}
