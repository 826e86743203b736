import type { Chapter, ChapterInput } from '@oneteamgov/schema';
import { chapters } from '../../db/schema/index.js';
import { ApiError } from '../../lib/problem.js';
import type { ServiceCtx } from '../context.js';
import { chapterColumns, chapterSearchText, checkParent } from './chapter-values.js';
import { toChapter } from './to-chapter.js';

/** A new chapter owned by this instance (`origin`), so it appears in this instance's change feed. */
export async function createChapter({
  ctx,
  input,
  origin,
}: {
  ctx: ServiceCtx;
  input: ChapterInput;
  origin: string;
}): Promise<Chapter> {
  const { id, ...fields } = input;
  if (fields.parentId) await checkParent(ctx, fields.parentId, id);
  const columns = chapterColumns(fields);
  const [row] = await ctx.db
    .insert(chapters)
    .values({
      ...columns,
      id,
      name: fields.name,
      kind: fields.kind,
      timeZone: fields.timeZone,
      languages: fields.languages,
      origin,
      searchText: chapterSearchText(fields),
    })
    .onConflictDoNothing({ target: chapters.id })
    .returning();
  // Ids are permanent, even for removed chapters: a reused id would merge two histories.
  if (!row) {
    throw new ApiError('conflict', `A chapter with id "${id}" already exists`, {
      errors: [{ pointer: '/body/id', detail: 'already taken' }],
    });
  }
  return toChapter(row);
}
