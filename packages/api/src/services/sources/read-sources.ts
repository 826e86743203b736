import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { sources, syncRuns } from '../../db/schema/index.js';
import type { ServiceCtx } from '../context.js';
import { getSourceOrThrow } from './manage-sources.js';
import { toSource, toSyncRun } from './to-source.js';

export async function listSources(
  ctx: ServiceCtx,
  input: { chapter?: string | undefined; status?: string | undefined },
) {
  const where: (SQL | undefined)[] = [isNull(sources.deletedAt)];
  if (input.chapter) where.push(eq(sources.chapterId, input.chapter));
  const rows = await ctx.db
    .select()
    .from(sources)
    .where(and(...where))
    .orderBy(asc(sources.id))
    .limit(1000);
  const now = ctx.now();
  const all = rows.map((r) => toSource(r, now));
  return input.status ? all.filter((s) => s.status === input.status) : all;
}

export async function getSourceDetail(ctx: ServiceCtx, sourceId: string) {
  const row = await getSourceOrThrow(ctx, sourceId);
  const runs = await ctx.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.sourceId, sourceId))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(20);
  return { ...toSource(row, ctx.now()), recentRuns: runs.map(toSyncRun) };
}
