import type { FailedOutcome, FetchFailureReason } from './types.js';

/**
 * Internal error carrying the outcome's reason. Everything below safeFetch
 * throws this (or a Node network error that classifyError maps), and safeFetch
 * turns it into a 'failed' outcome, so callers never see an exception.
 */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';

  constructor(
    readonly reason: FetchFailureReason,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toOutcome(): FailedOutcome {
    return {
      kind: 'failed',
      reason: this.reason,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

/** Raised by the connect-time address check (address-guard.ts). */
export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError';
  readonly code = 'EFORBIDDENADDRESS';
}

// getaddrinfo / c-ares failures: the name did not resolve, as opposed to the
// resolved address refusing or dropping the connection.
const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
  'ESERVFAIL',
  'ENOTIMP',
  'EREFUSED',
  'EBADNAME',
  'ETIMEOUT',
]);

/** Maps whatever a request or stream threw onto a failure reason. */
export function classifyError(error: unknown): FetchFailure {
  if (error instanceof FetchFailure) return error;
  if (error instanceof ForbiddenAddressError) {
    return new FetchFailure('forbidden-address', error.message);
  }
  const err = error as NodeJS.ErrnoException | undefined;
  const message = err?.message ?? String(error);
  // request-filtering-agent is the second line of defence; its refusals are
  // plain Errors worded "DNS lookup <ip>(...) is not allowed. Because, ...".
  if (/^DNS lookup .* is not allowed/.test(message)) {
    return new FetchFailure('forbidden-address', message);
  }
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if ((code && DNS_CODES.has(code)) || err?.syscall === 'getaddrinfo') {
    return new FetchFailure('dns', message);
  }
  return new FetchFailure(
    'connect',
    code && !message.includes(code) ? `${code}: ${message}` : message,
  );
}
