import type { Logger } from 'pino';
import { connectionFailureSummary } from '../db/connection-failure.js';
import { ApiError } from './problem.js';

/** Long enough for a restart to make progress, short enough that clients come back promptly. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export { isConnectionFailure } from '../db/connection-failure.js';

/**
 * The 503 for an error that isConnectionFailure() recognised. Logged at warn:
 * an outage is expected operations, and the line carries the driver's reason
 * only (no SQL, no parameters).
 */
export function databaseUnavailable(
  error: unknown,
  logger: Logger | undefined,
  requestId: string | undefined,
): ApiError {
  logger?.warn({ requestId, cause: connectionFailureSummary(error) }, 'database unavailable');
  return new ApiError(
    'database_unavailable',
    'The database is not reachable right now; retry after the Retry-After delay',
    { headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}
