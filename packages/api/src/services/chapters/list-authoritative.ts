import { and, asc, eq, isNull } from 'drizzle-orm';
import { chapters } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';

/** Ids of the chapters whose records originate on this instance. */
export async function listAuthoritativeChapterIds(
  ctx: ServiceCtx,
  origin: string,
): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: chapters.id })
    .from(chapters)
    .where(and(eq(chapters.origin, origin), isNull(chapters.deletedAt)))
    .orderBy(asc(chapters.id))
    .limit(10_000);
  return rows.map((r) => r.id);
}
