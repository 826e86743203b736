import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';

export interface WakeableLoopOptions {
  database: Pick<Database, 'listen'>;
  /** NOTIFY channel that says new work is waiting. */
  channel: string;
  /** How often to look without being woken: a safety net, and how retries come due. */
  pollMs: number;
  logger: Logger;
  /** Names the loop in log lines ("webhook delivery", "activitypub"). */
  name: string;
  /** Works through one batch; true when more is waiting at once. */
  batch: (workerId: string) => Promise<boolean>;
  /** Runs once a pass has drained (e.g. occasional clean-up). */
  afterPass?: () => Promise<void>;
}

/**
 * The loop the delivery workers share: a pass runs batches until none is full;
 * a NOTIFY or the poll timer starts a pass, and a wake-up during a pass asks for
 * another round instead of a second concurrent pass. `stop` waits for the pass
 * under way. Without LISTEN (PGlite in some set-ups, a lost connection) it polls.
 */
export function wakeableLoop(options: WakeableLoopOptions) {
  const workerId = randomUUID();
  const { logger, name } = options;
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function pass(): Promise<void> {
    do {
      again = false;
      if (await options.batch(workerId)) again = true;
    } while (again && !stopped);
    await options.afterPass?.();
  }

  /** Runs one pass now, or marks that another is wanted when one is under way. */
  function wake(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => logger.error({ err: error, workerId }, `${name} pass failed`))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      void wake().finally(schedule);
    }, options.pollMs);
    timer.unref();
  }

  return {
    workerId,
    /** One pass now (tests call it directly). */
    runOnce: wake,
    async start() {
      stopped = false;
      try {
        unlisten = await options.database.listen(options.channel, () => void wake());
      } catch (error) {
        logger.warn({ err: error }, `${name} wake-ups unavailable; polling only`);
      }
      schedule();
      void wake();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten?.().catch(() => {});
      await running;
    },
  };
}
