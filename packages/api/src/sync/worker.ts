import { randomUUID } from 'node:crypto';
import type { SourceRow } from '../db/schema/index.js';
import { claimDueSource, claimSource, releaseSource, renewLease } from './claim-source.js';
import { settleInterruptedRuns } from './record-run.js';
import { type SyncDeps, syncSource } from './run-sync.js';

export interface WorkerOptions {
  pollMs: number;
  /**
   * How long a claim lasts without renewal. A working run renews it every third
   * of this (a heartbeat), so it can be short: a dead worker's source is
   * reclaimed, and its run marked interrupted, soon after the lease lapses.
   */
  leaseMs: number;
  workerId?: string;
}

/**
 * Syncs due sources one at a time. Any number of workers may run against one
 * PostgreSQL: claims are exclusive, and writes are keyed upserts, so no source
 * is synced twice at once and nothing is imported twice.
 */
export function createWorker(deps: SyncDeps, options: WorkerOptions) {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  /** Runs `work` while renewing this worker's lease on the source. */
  async function withHeartbeat<T>(sourceId: string, work: () => Promise<T>): Promise<T> {
    const beat = setInterval(
      () => {
        renewLease(deps.db, sourceId, workerId, options.leaseMs).then(
          (held) => {
            if (!held) deps.logger.warn({ sourceId }, 'sync lease lost; the run will be dropped');
          },
          (error: unknown) => deps.logger.warn({ err: error, sourceId }, 'could not renew lease'),
        );
      },
      Math.max(250, Math.floor(options.leaseMs / 3)),
    );
    beat.unref();
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  }

  /** Syncs every source that is due now; resolves with how many were synced. */
  async function drain(): Promise<number> {
    let synced = 0;
    while (!stopped) {
      const claimed = await claimDueSource(deps.db, workerId, options.leaseMs);
      if (!claimed) break;
      try {
        const source = await settleInterruptedRuns(deps, claimed);
        // Settling an interrupted run may push the next attempt back (back-off).
        if (source.nextAttemptAt.getTime() > deps.now().getTime()) continue;
        await withHeartbeat(source.id, () => syncSource(deps, source));
      } catch (error) {
        deps.logger.error(
          { err: error, sourceId: claimed.id },
          'sync crashed; the previous state is kept',
        );
      } finally {
        await releaseSource(deps.db, claimed.id, workerId);
      }
      synced += 1;
    }
    return synced;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'worker tick failed'))
        .finally(schedule);
    }, options.pollMs);
  }

  return {
    workerId,
    drain,
    /** Syncs one source now, whatever its schedule (operator "sync now" / "approve"). */
    async syncNow(sourceId: string, syncOptions: { allowMassRemoval?: boolean } = {}) {
      const claimed = await claimSource(deps.db, sourceId, workerId, options.leaseMs);
      if (!claimed) return undefined;
      try {
        const source: SourceRow = await settleInterruptedRuns(deps, claimed);
        return await withHeartbeat(source.id, () => syncSource(deps, source, syncOptions));
      } catch (error) {
        deps.logger.error(
          { err: error, sourceId: claimed.id },
          'sync crashed; the previous state is kept',
        );
        return {
          runId: undefined,
          outcome: 'failed' as const,
          counts: undefined,
          error: 'internal-error',
        };
      } finally {
        await releaseSource(deps.db, claimed.id, workerId);
      }
    },
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
