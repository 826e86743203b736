import type { Source, SyncRun } from '@oneteamgov/schema';
import type { SourceRow, SyncRunRow } from '../../db/schema/index.js';

/** The public face of a source: never its URL, only where it points. */
export function toSource(row: SourceRow, now: Date): Source {
  let endpoint = '';
  try {
    endpoint = new URL(row.url).origin;
  } catch {}
  // A source that keeps answering but has not succeeded for three intervals is stale.
  const staleAfter = row.intervalMinutes * 3 * 60_000;
  const stale =
    row.status === 'ok' &&
    row.lastSuccessAt !== null &&
    now.getTime() - row.lastSuccessAt.getTime() > staleAfter;
  return {
    id: row.id,
    chapterId: row.chapterId,
    kind: row.kind,
    endpoint,
    intervalMinutes: row.intervalMinutes,
    review: row.review,
    status: stale ? 'stale' : row.status,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    consecutiveFailures: row.consecutiveFailures,
    itemCount: row.itemCount,
  };
}

export function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    sourceId: row.sourceId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    httpStatus: row.httpStatus,
    outcome: row.outcome,
    error: row.error,
    counts: row.counts,
    rejections: row.rejections,
  };
}
