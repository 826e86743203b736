import type { DomainEventType } from '@oneteamgov/schema';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Logger } from 'pino';
import { type SourceRow, type SyncCounts, sources, syncRuns } from '../db/schema/index.js';
import { recordAudit } from '../services/audit/record-audit.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../services/context.js';
import { emit } from '../services/outbox/emit.js';
import { toSource } from '../services/sources/to-source.js';
import { syncRunsTotal } from '../telemetry/process-metrics.js';
import { emptyCounts } from './counts.js';

export type Outcome = 'success' | 'notModified' | 'failed' | 'held';
const DAY_MS = 86_400_000;

/** The context a sync run writes in: the run is the actor of its audit entry. */
export function syncCtx(
  deps: { db: ServiceCtx['db']; now: () => Date; selfOrigin: string },
  runId: string,
): ServiceCtx {
  return {
    db: deps.db,
    now: deps.now,
    actor: { type: 'sync', id: runId },
    requestId: null,
    origin: deps.selfOrigin,
  };
}

export async function recordRun(
  w: WriteCtx,
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
  await w.db.insert(syncRuns).values({
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
    await recordAudit(w, {
      action: 'source.sync',
      targetType: 'source',
      targetId: run.source.id,
      chapterId: run.source.chapterId,
    });
  }
}

/**
 * Writes a source's new state and announces the transitions people act on: it
 * started failing, a run was held for review, it works again after either.
 */
export async function updateSourceState(
  w: WriteCtx,
  before: SourceRow,
  set: PgUpdateSetSource<typeof sources>,
): Promise<void> {
  const [after] = await w.db
    .update(sources)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(sources.id, before.id))
    .returning();
  if (!after) return;
  const type = transition(before.status, after.status);
  if (type) {
    await emit(w, [{ type, chapterId: after.chapterId, data: toSource(after, w.now()) }]);
  }
  syncRunsTotal.inc({ outcome: run.outcome });
}

function transition(from: SourceRow['status'], to: SourceRow['status']): DomainEventType | null {
  if (to === from) return null;
  if (to === 'failing') return 'source.failed';
  if (to === 'needsReview') return 'source.held';
  if (to === 'ok' && (from === 'failing' || from === 'needsReview')) return 'source.recovered';
  return null;
}

/**
 * Records a failed attempt and pushes the next one back: exponential back-off
 * capped at a day, never sooner than the server's Retry-After. Also used when a
 * run crashes, so a source that breaks the worker is not retried in a tight loop.
 */
export async function recordFailure(
  deps: { db: ServiceCtx['db']; now: () => Date; selfOrigin: string; logger: Logger },
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
  await withTransaction(syncCtx(deps, failure.runId), async (w) => {
    await recordRun(w, {
      runId: failure.runId,
      source,
      startedAt: failure.startedAt,
      status: failure.status,
      outcome: 'failed',
      counts: emptyCounts(),
      rejections: [],
      error: failure.message,
    });
    await updateSourceState(w, source, {
      status: 'failing',
      lastAttemptAt: failure.startedAt,
      consecutiveFailures: failures,
      nextAttemptAt: next,
    });
  });
  deps.logger.warn(
    { sourceId: source.id, runId: failure.runId, message: failure.message, status: failure.status },
    'sync failed',
  );
}
