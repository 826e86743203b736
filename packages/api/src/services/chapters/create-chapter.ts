import type { Chapter, ChapterInput } from '@oneteamgov/schema';
import { chapters } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { emit } from '../outbox/emit.js';
import { chapterColumns, chapterSearchText, checkParent } from './chapter-values.js';
import { toChapter } from './to-chapter.js';

/** A new chapter owned by this instance (`origin`), so it appears in this instance's change feed. */
export async function createChapter(ctx: ServiceCtx, input: ChapterInput): Promise<Chapter> {
  return withTransaction(ctx, async (w) => {
    const { id, ...fields } = input;
    if (fields.parentId) await checkParent(w, fields.parentId, id);
    const columns = chapterColumns(fields);
    const [row] = await w.db
      .insert(chapters)
      .values({
        ...columns,
        id,
        name: fields.name,
        kind: fields.kind,
        timeZone: fields.timeZone,
        languages: fields.languages,
        origin: w.origin,
        searchText: chapterSearchText(fields),
      })
      .onConflictDoNothing({ target: chapters.id })
      .returning();
    // Ids are permanent, even for removed chapters: a reused id would merge two histories.
    if (!row) {
      throw new DomainError('conflict', `A chapter with id "${id}" already exists`, {
        fields: [{ field: 'id', detail: 'already taken' }],
      });
    }
    const chapter = toChapter(row);
    await recordAudit(w, {
      action: 'chapter.create',
      targetType: 'chapter',
      targetId: id,
      chapterId: id,
    });
    await emit(w, [{ type: 'chapter.created', chapterId: id, data: chapter }]);
    return chapter;
  });
}
