import { randomUUID } from 'node:crypto';
import { claimDueSource, claimSource, releaseSource } from './claim-source.js';
import { recordFailure } from './record-run.js';
import { type SyncDeps, syncSource } from './run-sync.js';

export interface WorkerOptions {
  pollMs: number;
  /** How long a claim lasts; a crashed worker's sources become claimable after it. */
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

  /** Syncs every source that is due now; resolves with how many were synced. */
  async function drain(): Promise<number> {
    let synced = 0;
    while (!stopped) {
      const source = await claimDueSource(deps.db, workerId, options.leaseMs);
      if (!source) break;
      try {
        await syncSource(deps, source);
      } catch (error) {
        deps.logger.error(
          { err: error, sourceId: source.id },
          'sync crashed; the previous state is kept',
        );
      } finally {
        await releaseSource(deps.db, source.id, workerId);
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
      const source = await claimSource(deps.db, sourceId, workerId, options.leaseMs);
      if (!source) return undefined;
      try {
        return await syncSource(deps, source, syncOptions);
      } catch (error) {
        deps.logger.error(
          { err: error, sourceId: source.id },
          'sync crashed; the previous state is kept',
        );
        await recordCrash(deps, source);
        return {
          runId: undefined,
          outcome: 'failed' as const,
          counts: undefined,
          error: 'internal-error',
        };
      } finally {
        await releaseSource(deps.db, source.id, workerId);
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

/** A crashed run still counts as a failure, with back-off: never a tight retry loop. */
async function recordCrash(deps: SyncDeps, source: Parameters<typeof recordFailure>[1]) {
  await recordFailure(deps, source, {
    runId: randomUUID(),
    startedAt: deps.now(),
    message: 'internal-error: the run stopped unexpectedly; nothing was changed',
    status: null,
  }).catch((error: unknown) =>
    deps.logger.error({ err: error, sourceId: source.id }, 'could not record a crashed run'),
  );
}
