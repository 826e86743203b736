import type { ChapterPatch } from '@oneteamgov/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { chapters, type NewChapterRow } from '../../db/schema/index.js';
import { searchTextOf } from '../../lib/fold-text.js';
import type { ServiceCtx } from '../context.js';
import { DomainError } from '../errors.js';

/** Client fields → columns; only the fields present are returned, so a patch keeps the rest. */
export function chapterColumns(input: ChapterPatch): Partial<NewChapterRow> {
  const { location, ...rest } = input;
  const columns: Partial<NewChapterRow> = { ...rest };
  if (location !== undefined) {
    columns.lat = location?.lat ?? null;
    columns.lng = location?.lng ?? null;
  }
  return columns;
}

export function chapterSearchText(row: Pick<NewChapterRow, 'name' | 'description' | 'locality'>) {
  return searchTextOf(row.name, row.description ?? null, row.locality ?? undefined);
}

/** The parent must be a live chapter here, and never the chapter itself or one of its descendants. */
export async function checkParent(ctx: ServiceCtx, parentId: string, childId: string) {
  const invalid = (detail: string) =>
    new DomainError('invalid_request', `parentId: ${detail}`, {
      fields: [{ field: 'parentId', detail }],
    });
  let current: string | null = parentId;
  // Chapter trees are shallow (national → regional → local); the bound only guards bad data.
  for (let depth = 0; current !== null && depth < 50; depth++) {
    if (current === childId) throw invalid('a chapter cannot be its own ancestor');
    const [row]: { parentId: string | null }[] = await ctx.db
      .select({ parentId: chapters.parentId })
      .from(chapters)
      .where(and(eq(chapters.id, current), isNull(chapters.deletedAt)));
    if (!row) {
      if (current === parentId) throw invalid(`no chapter with id "${parentId}"`);
      return;
    }
    current = row.parentId;
  }
}
