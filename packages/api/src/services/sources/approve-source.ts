import { desc, eq } from 'drizzle-orm';
import { type SourceRow, syncRuns } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { toSyncRun } from './to-source.js';

/** Runs one sync of a source now; undefined when another run holds it. */
export type SyncNow = (
  sourceId: string,
  options: { allowMassRemoval: boolean },
) => Promise<unknown | undefined>;

/**
 * Approving is a sync run made now with mass removal allowed, exactly as the
 * operator's `sources approve`: the removals are judged against the feed as it
 * is at approval time, not as it was when the run was held. Only a source that
 * is waiting for review can be approved, so nobody approves a removal unseen.
 */
export async function approveSource(
  ctx: ServiceCtx,
  { source, syncNow }: { source: SourceRow; syncNow: SyncNow | undefined },
) {
  if (source.status !== 'needsReview') {
    throw new DomainError('conflict', 'No run of this source is held for review');
  }
  if (!syncNow) {
    throw new DomainError(
      'service_unavailable',
      'This instance cannot sync from the API; run `sources approve` on the command line',
    );
  }
  const run = await syncNow(source.id, { allowMassRemoval: true });
  if (!run) {
    throw new DomainError('conflict', 'The source is being synced right now; try again shortly', {
      retryAfterSeconds: 30,
    });
  }
  // The run is the sync's own write; approving it is the caller's, recorded as such.
  await withTransaction(ctx, (w) =>
    recordAudit(w, {
      action: 'source.approve',
      targetType: 'source',
      targetId: source.id,
      chapterId: source.chapterId,
    }),
  );
  // The lease was ours while the run was made, so the latest run is this one.
  const [row] = await ctx.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.sourceId, source.id))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(1);
  return toSyncRun(row!);
}
