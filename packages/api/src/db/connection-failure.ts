/**
 * "Is this error the database being unreachable?" An outage (PostgreSQL
 * restarting, refusing or dropping connections, a connect that times out) is
 * the hub's fault and is temporary: callers get a 503 they can retry rather
 * than a 500, and the log gets one line without the SQL that happened to be
 * running.
 */

/** Socket-level failures reported by Node while connecting or talking to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** postgres.js's own connection errors. */
const DRIVER_CODES = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs the server sends while it cannot serve: admin_shutdown (57P01),
 * crash_shutdown (57P02), cannot_connect_now (57P03, starting up or shutting
 * down), too_many_connections (53300). Class 08 is "connection exception".
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

export function isConnectionFailure(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') return false;
    return (
      SOCKET_CODES.has(code) ||
      DRIVER_CODES.has(code) ||
      SERVER_STATES.has(code) ||
      /^08[0-9A-Z]{3}$/.test(code)
    );
  });
}

/** A log-safe description of the failure: the innermost code and message, never the query. */
export function connectionFailureSummary(error: unknown): { code?: string; message?: string } {
  const root = causes(error).at(-1) as { code?: unknown; message?: unknown } | undefined;
  return {
    ...(typeof root?.code === 'string' ? { code: root.code } : {}),
    ...(typeof root?.message === 'string' ? { message: root.message.slice(0, 200) } : {}),
  };
}

/** The error, its `cause` chain (drizzle wraps driver errors) and AggregateError members. */
function causes(error: unknown, depth = 0): object[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const nested: object[] = [];
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) nested.push(...causes(cause, depth + 1));
  if (error instanceof AggregateError) {
    for (const member of error.errors) nested.push(...causes(member, depth + 1));
  }
  return [error, ...nested];
}
