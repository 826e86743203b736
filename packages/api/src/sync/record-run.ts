import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type SourceRow, type SyncCounts, sources, syncRuns } from '../db/schema/index.js';
import { recordAudit } from '../services/audit/record-audit.js';
import { emptyCounts } from './counts.js';
import type { SyncDeps } from './run-sync.js';

export type Outcome = 'success' | 'notModified' | 'failed' | 'held';
const DAY_MS = 86_400_000;

export async function recordRun(
  db: Db,
  run: {
    runId: string;
    source: SourceRow;
    startedAt: Date;
    status: number | null;
    outcome: Outcome;
    counts: SyncCounts;
    rejections: { item: string; reason: string }[];
    error: string | null;
  },
) {
  await db.insert(syncRuns).values({
    id: run.runId,
    sourceId: run.source.id,
    startedAt: run.startedAt,
    finishedAt: new Date(),
    httpStatus: run.status,
    outcome: run.outcome,
    counts: run.counts,
    rejections: run.rejections
      .slice(0, 1000)
      .map((r) => ({ item: r.item.slice(0, 500), reason: r.reason.slice(0, 1000) })),
    error: run.error?.slice(0, 2000) ?? null,
  });
  // A run that changed events is a write like any other; the run id leads to its counts.
  const { created, updated, removed } = run.counts;
  if (created + updated + removed > 0) {
    await recordAudit(db, {
      actorType: 'sync',
      actorId: run.runId,
      action: 'source.sync',
      targetType: 'source',
      targetId: run.source.id,
      chapterId: run.source.chapterId,
    });
  }
}

/**
 * Records a failed attempt and pushes the next one back: exponential back-off
 * capped at a day, never sooner than the server's Retry-After. Also used when a
 * run crashes, so a source that breaks the worker is not retried in a tight loop.
 */
export async function recordFailure(
  deps: Pick<SyncDeps, 'db' | 'logger'>,
  source: SourceRow,
  failure: {
    runId: string;
    startedAt: Date;
    message: string;
    status: number | null;
    retryAfterMs?: number | undefined;
  },
) {
  const failures = source.consecutiveFailures + 1;
  const backoff = Math.min(
    DAY_MS,
    source.intervalMinutes * 60_000 * 2 ** Math.min(failures - 1, 6),
  );
  const retryAfter = Math.min(failure.retryAfterMs ?? 0, DAY_MS);
  const next = new Date(failure.startedAt.getTime() + Math.max(backoff, retryAfter));
  await deps.db.transaction(async (tx) => {
    await recordRun(tx, {
      runId: failure.runId,
      source,
      startedAt: failure.startedAt,
      status: failure.status,
      outcome: 'failed',
      counts: emptyCounts(),
      rejections: [],
      error: failure.message,
    });
    await tx
      .update(sources)
      .set({
        status: 'failing',
        lastAttemptAt: failure.startedAt,
        consecutiveFailures: failures,
        nextAttemptAt: next,
        updatedAt: sql`now()`,
      })
      .where(eq(sources.id, source.id));
  });
  deps.logger.warn(
    { sourceId: source.id, runId: failure.runId, message: failure.message, status: failure.status },
    'sync failed',
  );
}
