import type { components } from './generated/openapi.js';

/** An RFC 9457 problem details body, as sent by the API with `application/problem+json`. */
export type Problem = components['schemas']['Problem'];

/**
 * Thrown for every non-2xx response (including `304 Not Modified` when you send
 * `If-None-Match` yourself). Network failures, timeouts and aborts are not
 * `ApiError`s: they reject with the underlying `TypeError` / `DOMException`.
 *
 * @example
 * ```ts
 * try {
 *   await client.GET('/v1/events/{eventId}', { params: { path: { eventId: 'nope' } } });
 * } catch (err) {
 *   if (isApiError(err) && err.status === 404) console.log('gone', err.requestId);
 *   else throw err;
 * }
 * ```
 */
export class ApiError extends Error {
  /** HTTP status code, e.g. `404`. */
  declare readonly status: number;
  /** Machine-readable code from the problem body (e.g. `not_found`), if the body was a problem. */
  declare readonly code: Problem['code'] | undefined;
  /** Request id from the problem body or the `X-Request-Id` header; quote it when reporting bugs. */
  declare readonly requestId: string | undefined;
  /** The parsed problem body, or `undefined` when the response was not a problem document. */
  declare readonly problem: Problem | undefined;
  /** Response headers. */
  declare readonly headers: Headers;

  constructor(status: number, headers: Headers, body?: unknown) {
    const problem =
      body && typeof body === 'object' && 'status' in body ? (body as Problem) : undefined;
    super(
      problem
        ? `${status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`
        : `HTTP ${status}`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.headers = headers;
    this.problem = problem;
    this.code = problem?.code;
    this.requestId = problem?.requestId ?? headers.get('x-request-id') ?? undefined;
  }
}

/**
 * Type guard for {@link ApiError}. Also recognises errors thrown by another copy of
 * the SDK (e.g. the CommonJS and ESM builds loaded side by side).
 *
 * @example
 * ```ts
 * catch (err) { if (isApiError(err) && err.code === 'rate_limited') retryLater(); }
 * ```
 */
export const isApiError = (err: unknown): err is ApiError =>
  err instanceof ApiError || (err instanceof Error && err.name === 'ApiError' && 'status' in err);
