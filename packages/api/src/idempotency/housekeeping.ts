import type { Logger } from 'pino';
import type { ServiceCtx } from '../services/context.js';
import { purgeExpired } from './store.js';

const HOUR_MS = 3_600_000;

/** Hourly removal of stored idempotent responses past their retention; never keeps the process alive. */
export function scheduleIdempotencyPurge(ctx: ServiceCtx, logger: Logger): () => void {
  const timer = setInterval(() => {
    purgeExpired(ctx.db, ctx.now()).then(
      (removed) => removed > 0 && logger.info({ removed }, 'expired idempotency records purged'),
      (error: unknown) => logger.error({ err: error }, 'idempotency purge failed'),
    );
  }, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
