import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RecurrenceError } from '../recurrence/index.js';
import { DomainError } from '../services/errors.js';
import { CACHING, cacheControl } from './cache.js';
import type { AppEnv } from './context.js';
import { databaseUnavailable, isConnectionFailure } from './database-unavailable.js';
import { ApiError, PROBLEM_CONTENT_TYPE, problemBody } from './problem.js';
import { fieldErrorsFrom } from './validation-errors.js';

/**
 * The single place an error becomes a response. Anything that is not an
 * ApiError is logged with the request id and answered as a bare 500: no stack,
 * no SQL, no internals.
 */
export function problemResponse(c: Context<AppEnv>, error: unknown): Response {
  const requestId = c.get('requestId');
  let apiError: ApiError;
  if (error instanceof ApiError) {
    apiError = error;
  } else if (error instanceof DomainError) {
    apiError = fromDomainError(error);
  } else if (error instanceof RecurrenceError) {
    apiError = new ApiError('invalid_request', error.message);
  } else if (error instanceof HTTPException && error.status === 413) {
    apiError = new ApiError('payload_too_large');
  } else if (error instanceof HTTPException && error.status < 500) {
    apiError = new ApiError('invalid_request', error.message || undefined);
  } else if (isConnectionFailure(error)) {
    apiError = databaseUnavailable(error, c.get('deps')?.logger, requestId);
  } else {
    c.get('deps')?.logger.error({ err: error, requestId }, 'unhandled error');
    apiError = new ApiError(
      'internal_error',
      'Something went wrong on our side; quote the requestId if you report it',
    );
  }
  const body = problemBody(apiError.code, {
    detail: apiError.message,
    requestId,
    instance: new URL(c.req.url).pathname,
    ...(apiError.errors ? { errors: apiError.errors } : {}),
  });
  const headers: Record<string, string> = {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': cacheControl(CACHING.none),
    ...apiError.headers,
  };
  return c.body(JSON.stringify(body), apiError.status as 400, headers);
}

/**
 * Services speak of inputs and fields; clients see the request: a field of the
 * input is a pointer into the JSON body, a wait is a Retry-After header.
 */
function fromDomainError(error: DomainError): ApiError {
  const errors = error.validation
    ? fieldErrorsFrom('body', error.validation)
    : error.fields?.map((f) => ({ pointer: `/body/${f.field}`, detail: f.detail }));
  return new ApiError(error.code, error.message, {
    ...(errors ? { errors } : {}),
    ...(error.retryAfterSeconds !== undefined
      ? { headers: { 'Retry-After': String(error.retryAfterSeconds) } }
      : {}),
  });
}
