import type { components } from './generated/openapi.js';

/** An RFC 9457 problem details body, as sent by the API with `application/problem+json`. */
export type Problem = components['schemas']['Problem'];

/** The API's request budget, from the `RateLimit-Limit`, `-Remaining` and `-Reset` headers. */
export interface RateLimit {
  /** Requests allowed in the current window. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets and `remaining` is back to `limit`. */
  resetSeconds: number;
}

/**
 * Reads the `RateLimit-*` headers of a response; `undefined` when they are absent.
 *
 * @example
 * ```ts
 * const hub = createClient({
 *   baseUrl,
 *   onResponse: (res) => {
 *     const rate = parseRateLimit(res.headers);
 *     if (rate && rate.remaining < 10) console.warn(`slow down for ${rate.resetSeconds} s`);
 *   },
 * });
 * ```
 */
export const parseRateLimit = (headers: Headers): RateLimit | undefined => {
  const values = ['limit', 'remaining', 'reset'].map(
    (name) => +(headers.get(`ratelimit-${name}`) ?? Number.NaN),
  );
  const [limit = 0, remaining = 0, resetSeconds = 0] = values;
  return values.every((n) => n >= 0) ? { limit, remaining, resetSeconds } : undefined;
};

/** `Retry-After` (delta-seconds or HTTP-date) in milliseconds from now; `NaN` when absent or invalid. */
export const retryAfterMs = (value: string | null | undefined): number =>
  value == null ? Number.NaN : +value >= 0 ? +value * 1000 : Date.parse(value) - Date.now();

// Symbol.for is shared across realms and across copies of this package, unlike `instanceof`.
const BRAND = Symbol.for('@oneteamgov/sdk.ApiError');

/**
 * Thrown for every non-2xx response (including `304 Not Modified` when you send
 * `If-None-Match` yourself). The statuses the API documents throw a subclass:
 * {@link UnauthorizedError} (401), {@link ForbiddenError} (403), {@link NotFoundError} (404),
 * {@link ConflictError} (409), {@link UnprocessableError} (422, and its
 * {@link IdempotencyKeyReusedError}) and {@link RateLimitedError} (429).
 * Network failures, timeouts and aborts are not `ApiError`s: they reject with the
 * underlying `TypeError` / `DOMException`.
 *
 * @example
 * ```ts
 * try {
 *   await client.GET('/v1/events/{eventId}', { params: { path: { eventId: 'nope' } } });
 * } catch (err) {
 *   if (err instanceof NotFoundError) console.log('gone', err.requestId);
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
  /** The request budget reported with this response, if the API sent `RateLimit-*` headers. */
  declare readonly rateLimit: RateLimit | undefined;
  /** Seconds the server asked you to wait (`Retry-After`), rounded up; `undefined` when not sent. */
  declare readonly retryAfterSeconds: number | undefined;

  constructor(status: number, headers: Headers, body?: unknown) {
    const problem =
      body && typeof body === 'object' && 'status' in body ? (body as Problem) : undefined;
    super(
      problem
        ? `${status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`
        : `HTTP ${status}`,
    );
    const wait = Math.ceil(Math.max(0, retryAfterMs(headers.get('retry-after'))) / 1000);
    Object.assign(this, {
      status,
      headers,
      problem,
      code: problem?.code,
      requestId: problem?.requestId ?? headers.get('x-request-id') ?? undefined,
      rateLimit: parseRateLimit(headers),
      retryAfterSeconds: wait >= 0 ? wait : undefined,
    });
  }

  override get name(): string {
    return 'ApiError';
  }
  /** @internal Marks instances for {@link isApiError}. */
  get [BRAND](): true {
    return true;
  }
}

/**
 * 401 `unauthorized`: the call needs an API key, or the key is unknown, expired or revoked.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof UnauthorizedError) askForANewKey(); }
 * ```
 */
export class UnauthorizedError extends ApiError {
  declare readonly status: 401;
  override get name(): string {
    return 'UnauthorizedError';
  }
}

/**
 * 403 `forbidden`: the API key is valid but lacks the scope this call needs.
 * (For a chapter your key has no scope on, the API answers 404, never 403.)
 */
export class ForbiddenError extends ApiError {
  declare readonly status: 403;
  override get name(): string {
    return 'ForbiddenError';
  }
}

/**
 * 404 `not_found`: the resource does not exist, or your key may not see it.
 *
 * @example
 * ```ts
 * const event = await hub
 *   .GET('/v1/events/{eventId}', { params: { path: { eventId } } })
 *   .catch((err) => (isApiError(err, 404) ? null : Promise.reject(err)));
 * ```
 */
export class NotFoundError extends ApiError {
  declare readonly status: 404;
  override get name(): string {
    return 'NotFoundError';
  }
}

/**
 * 409 `conflict`: the request conflicts with the current state, or a request with the
 * same `Idempotency-Key` is still in flight. The client already retried the latter
 * (after `Retry-After`) before throwing.
 */
export class ConflictError extends ApiError {
  declare readonly status: 409;
  override get name(): string {
    return 'ConflictError';
  }
}

/** 422: the request is well-formed but cannot be processed. Never retried. */
export class UnprocessableError extends ApiError {
  declare readonly status: 422;
  override get name(): string {
    return 'UnprocessableError';
  }
}

/**
 * 422 `idempotency_key_reused`: this `Idempotency-Key` was already used for a different
 * request (another path or body). Use a fresh key for a new write.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof IdempotencyKeyReusedError) console.error('bug: one key, two writes');
 * }
 * ```
 */
export class IdempotencyKeyReusedError extends UnprocessableError {
  declare readonly code: 'idempotency_key_reused';
  override get name(): string {
    return 'IdempotencyKeyReusedError';
  }
}

/**
 * 429 `rate_limited`: thrown once the client's retries are used up.
 * `retryAfterSeconds` says when to try again; `rateLimit` holds the budget.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (err instanceof RateLimitedError) scheduleRetry((err.retryAfterSeconds ?? 60) * 1000);
 * }
 * ```
 */
export class RateLimitedError extends ApiError {
  declare readonly status: 429;
  override get name(): string {
    return 'RateLimitedError';
  }
}

/** The error class thrown for each status. */
export interface ErrorByStatus {
  401: UnauthorizedError;
  403: ForbiddenError;
  404: NotFoundError;
  409: ConflictError;
  422: UnprocessableError;
  429: RateLimitedError;
}

const CLASSES: Record<number, typeof ApiError> = {
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableError,
  429: RateLimitedError,
};

/** @internal Builds the error for a non-2xx response: the subclass matching its status. */
export const toApiError = (status: number, headers: Headers, body?: unknown): ApiError => {
  const code = (body as Problem | undefined)?.code;
  const Class =
    status === 422 && code === 'idempotency_key_reused'
      ? IdempotencyKeyReusedError
      : (CLASSES[status] ?? ApiError);
  return new Class(status, headers, body);
};

/**
 * Type guard for {@link ApiError}, optionally for one status, which narrows to its
 * subclass. Unlike `instanceof`, it also recognises errors thrown by another copy of
 * the SDK (e.g. the CommonJS and ESM builds loaded side by side) or another realm.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (isApiError(err, 429)) retryIn(err.retryAfterSeconds); // err: RateLimitedError
 *   else if (isApiError(err)) console.error(err.status, err.code, err.requestId);
 *   else throw err; // network failure, timeout or abort
 * }
 * ```
 */
export const isApiError = <S extends number = number>(
  err: unknown,
  status?: S,
): err is number extends S
  ? ApiError
  : S extends keyof ErrorByStatus
    ? ErrorByStatus[S]
    : ApiError & { readonly status: S } =>
  !!(err as { [BRAND]?: unknown } | null)?.[BRAND] &&
  (status === undefined || (err as ApiError).status === status);
