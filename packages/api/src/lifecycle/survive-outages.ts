import type { Logger } from 'pino';
import { isConnectionFailure } from '../db/connection-failure.js';

/**
 * During a database outage the driver rejects every query queued on a dropped
 * connection. Should one of those rejections reach no handler (a query started
 * but abandoned, deep in a library), Node would end the whole process — every
 * request in flight with it — for an error the hub already answers with 503s.
 * A lost connection is logged and survived; anything else still ends the
 * process, as Node would.
 */
export function surviveDatabaseOutages(logger: Logger): () => void {
  const onRejection = (reason: unknown) => {
    if (!isConnectionFailure(reason)) throw reason;
    logger.warn(
      { cause: { code: (reason as { code?: unknown }).code, message: String(reason) } },
      'a query on a lost database connection was not awaited',
    );
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
