import { desc, eq } from 'drizzle-orm';
import { type SourceRow, syncRuns } from '../../db/schema/index.js';
import { ApiError } from '../../lib/problem.js';
import type { Worker } from '../../sync/worker.js';
import type { ServiceCtx } from '../context.js';
import { toSyncRun } from './to-source.js';

/**
 * Approving is a sync run made now with mass removal allowed, exactly as the
 * operator's `sources approve`: the removals are judged against the feed as it
 * is at approval time, not as it was when the run was held. Only a source that
 * is waiting for review can be approved, so nobody approves a removal unseen.
 */
export async function approveSource({
  ctx,
  source,
  syncNow,
}: {
  ctx: ServiceCtx;
  source: SourceRow;
  syncNow: Worker['syncNow'] | undefined;
}) {
  if (source.status !== 'needsReview') {
    throw new ApiError('conflict', 'No run of this source is held for review');
  }
  if (!syncNow) {
    throw new ApiError(
      'service_unavailable',
      'This instance cannot sync from the API; run `sources approve` on the command line',
    );
  }
  const run = await syncNow(source.id, { allowMassRemoval: true });
  if (!run) {
    throw new ApiError('conflict', 'The source is being synced right now; try again shortly', {
      headers: { 'Retry-After': '30' },
    });
  }
  // The lease was ours while the run was made, so the latest run is this one.
  const [row] = await ctx.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.sourceId, source.id))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(1);
  return toSyncRun(row!);
}
