import { z } from 'zod';

/**
 * THE error-code table. The API's runtime errors and its OpenAPI error
 * responses both read it, so the documented status can never drift from the
 * status a client receives.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, title: 'The request is invalid' },
  invalid_cursor: { status: 400, title: 'The cursor is malformed or belongs to another list' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'The credentials do not allow this' },
  not_found: { status: 404, title: 'The resource does not exist' },
  method_not_allowed: { status: 405, title: 'The method is not allowed on this resource' },
  not_acceptable: { status: 406, title: 'No representation matches the Accept header' },
  request_timeout: { status: 408, title: 'The request did not arrive in time' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body media type is not supported' },
  idempotency_key_reused: {
    status: 422,
    title: 'The idempotency key was used with a different request',
  },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'The URL or headers are too large' },
  internal_error: { status: 500, title: 'An internal error occurred' },
  service_unavailable: { status: 503, title: 'The service is temporarily unavailable' },
  database_unavailable: { status: 503, title: 'The database is temporarily unreachable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ErrorCodeSchema = z
  .enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])
  .meta({ id: 'ErrorCode', description: 'Machine-readable error code' });

export const FieldError = z
  .object({
    pointer: z.string().max(500).meta({
      description: 'RFC 6901 JSON pointer to the offending input, e.g. /query/limit',
      example: '/query/limit',
    }),
    detail: z.string().max(1000).meta({ example: 'Too big: expected number to be <=100' }),
    code: z.string().max(100).optional().meta({ example: 'too_big' }),
  })
  .meta({ id: 'FieldError' });

export const Problem = z
  .object({
    type: z.string().max(500).meta({ example: 'https://oneteamgov.org/problems/invalid_request' }),
    title: z.string().max(500),
    status: z.number().int().min(400).max(599).meta({ format: 'int32' }),
    detail: z.string().max(2000).optional(),
    instance: z.string().max(2000).optional(),
    code: ErrorCodeSchema,
    requestId: z.string().max(255).optional(),
    errors: z.array(FieldError).max(100).optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details',
    example: {
      type: 'https://oneteamgov.org/problems/invalid_request',
      title: 'The request is invalid',
      status: 400,
      code: 'invalid_request',
      requestId: '4f1c2b7e-3a90-4c55-9d2e-0b5e0c8b6a11',
      errors: [{ pointer: '/query/limit', detail: 'Too big: expected number to be <=100' }],
    },
  });
export type Problem = z.infer<typeof Problem>;

/**
 * Base URI for problem `type`s: an identifier per code (RFC 9457 allows URIs that
 * do not resolve). The codes are explained in docs/concepts/errors.md.
 */
export const PROBLEM_TYPE_BASE = 'https://oneteamgov.org/problems/';

export function codesForStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].status === status);
}
