import type { Logger } from 'pino';
import { purgeExpired } from '../../idempotency/store.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { purgeOutbox } from './purge-outbox.js';

const HOUR_MS = 3_600_000;

/** One housekeeping pass: expired idempotency records, settled webhook deliveries and old messages. */
export function runHousekeeping(ctx: ServiceCtx): Promise<{ idempotencyRecords: number }> {
  return withTransaction(ctx, async (w) => {
    const idempotencyRecords = await purgeExpired(w.db, w.now());
    await purgeOutbox(w);
    return { idempotencyRecords };
  });
}

/** Hourly housekeeping; the timer never keeps the process alive on its own. */
export function scheduleHousekeeping(ctx: ServiceCtx, logger: Logger): () => void {
  const timer = setInterval(() => {
    runHousekeeping(ctx).then(
      (removed) => logger.info({ removed }, 'housekeeping done'),
      (error: unknown) => logger.error({ err: error }, 'housekeeping failed'),
    );
  }, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
