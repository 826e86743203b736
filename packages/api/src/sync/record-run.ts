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

/**
 * Thrown when a run tries to record its end after another worker declared it
 * interrupted (its lease lapsed, e.g. the process stalled): the write rolls
 * back, so a run's changes land at most once, under the run record that says so.
 */
export class RunLostError extends Error {
  constructor(runId: string) {
    super(`run ${runId} was declared interrupted after its lease lapsed; its result is dropped`);
  }
}

/**
 * Records that a run has begun, before it fetches anything: if the process dies
 * mid-way (kill -9, out of memory), the run is still there, `running`, and the
 * next worker to claim the source marks it `interrupted`.
 */
export async function startRun(
  db: ServiceCtx['db'],
  run: { runId: string; sourceId: string; startedAt: Date },
): Promise<void> {
  await db.insert(syncRuns).values({
    id: run.runId,
    sourceId: run.sourceId,
    startedAt: run.startedAt,
    outcome: 'running',
    counts: emptyCounts(),
  });
}

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
  const ended = {
    finishedAt: new Date(),
    httpStatus: run.status,
    outcome: run.outcome,
    counts: run.counts,
    rejections: run.rejections
      .slice(0, 1000)
      .map((r) => ({ item: r.item.slice(0, 500), reason: r.reason.slice(0, 1000) })),
    error: run.error?.slice(0, 2000) ?? null,
  };
  // Ends the run begun by startRun, only while it is still `running`.
  const written = await w.db
    .insert(syncRuns)
    .values({ id: run.runId, sourceId: run.source.id, startedAt: run.startedAt, ...ended })
    .onConflictDoUpdate({
      target: syncRuns.id,
      set: ended,
      setWhere: sql`${syncRuns.outcome} = 'running'`,
    })
    .returning({ id: syncRuns.id });
  if (written.length === 0) throw new RunLostError(run.runId);
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
  syncRunsTotal.inc({ outcome: run.outcome });
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
  const retryAfter = Math.min(failure.retryAfterMs ?? 0, DAY_MS);
  const next = new Date(
    failure.startedAt.getTime() + Math.max(backoffMs(source, failures), retryAfter),
  );
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

/** Exponential back-off after `failures` failed attempts in a row, capped at a day. */
function backoffMs(source: SourceRow, failures: number): number {
  return Math.min(DAY_MS, source.intervalMinutes * 60_000 * 2 ** Math.min(failures - 1, 6));
}

export const INTERRUPTED_MESSAGE =
  'interrupted: the worker stopped before the run finished (its lease lapsed); nothing was changed';

/**
 * Called by a worker that has just claimed a source: any run of it still
 * `running` belongs to a worker that died or stalled past its lease, since
 * claims are exclusive. Such a run is marked `interrupted` and counts as a
 * failed attempt, with the usual back-off from when it started, so a feed that
 * kills its worker every time is not retried in a tight loop. The changes of an
 * interrupted run were never committed (they commit with the run's end), so
 * there is nothing to undo. Returns the source as it now stands.
 */
export async function settleInterruptedRuns(
  deps: { db: ServiceCtx['db']; now: () => Date; selfOrigin: string; logger: Logger },
  source: SourceRow,
): Promise<SourceRow> {
  const settled = await withTransaction(syncCtx(deps, 'interrupted'), async (w) => {
    const runs = await w.db
      .update(syncRuns)
      .set({ outcome: 'interrupted', finishedAt: sql`now()`, error: INTERRUPTED_MESSAGE })
      .where(sql`${syncRuns.sourceId} = ${source.id} and ${syncRuns.outcome} = 'running'`)
      .returning({ id: syncRuns.id, startedAt: syncRuns.startedAt });
    if (runs.length === 0) return undefined;
    const startedAt = new Date(Math.max(...runs.map((r) => r.startedAt.getTime())));
    const failures = source.consecutiveFailures + runs.length;
    await updateSourceState(w, source, {
      status: 'failing',
      lastAttemptAt: startedAt,
      consecutiveFailures: failures,
      nextAttemptAt: new Date(startedAt.getTime() + backoffMs(source, failures)),
    });
    return runs;
  });
  if (!settled) return source;
  syncRunsTotal.inc({ outcome: 'interrupted' }, settled.length);
  deps.logger.warn(
    { sourceId: source.id, runIds: settled.map((r) => r.id) },
    'sync run interrupted: its worker stopped before it finished',
  );
  const [row] = await deps.db.select().from(sources).where(eq(sources.id, source.id));
  return row ?? source;
}
