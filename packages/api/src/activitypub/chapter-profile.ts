import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type ChapterRow, chapters } from '../db/schema/index.js';

export type ChapterProfile = Pick<
  ChapterRow,
  'id' | 'name' | 'description' | 'languages' | 'website' | 'timeZone'
>;

/**
 * A chapter that has an actor here: one whose records originate on this
 * instance. A mirrored chapter's actor is on its own node (the one to follow),
 * so this hub does not speak for it.
 */
export async function findLocalChapter(
  db: Db,
  origin: string,
  chapterId: string,
): Promise<ChapterProfile | null> {
  const [row] = await db
    .select({
      id: chapters.id,
      name: chapters.name,
      description: chapters.description,
      languages: chapters.languages,
      website: chapters.website,
      timeZone: chapters.timeZone,
    })
    .from(chapters)
    .where(
      and(eq(chapters.id, chapterId), eq(chapters.origin, origin), isNull(chapters.deletedAt)),
    );
  return row ?? null;
}

export async function countLocalChapters(db: Db, origin: string): Promise<number> {
  const rows = await db
    .select({ id: chapters.id })
    .from(chapters)
    .where(and(eq(chapters.origin, origin), isNull(chapters.deletedAt)));
  return rows.length;
}
