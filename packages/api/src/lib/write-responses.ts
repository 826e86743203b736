import type { z } from '@hono/zod-openapi';
import { HEADERS } from './openapi-responses.js';
import { errorResponses } from './problem.js';

/** A JSON request body that must be present and be JSON (anything else is a 400). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** 201 Created with its Location. */
export function createdJson<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    headers: { Location: HEADERS.location },
    content: { 'application/json': { schema } },
  };
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * Errors any authenticated write can answer besides its own: a body too large
 * (413), a body that is not JSON (415), and the Idempotency-Key outcomes (409
 * still running, 422 key reused).
 */
export function writeErrorResponses<S extends number>(...statuses: S[]) {
  return errorResponses<S | 400 | 409 | 413 | 415 | 422 | 500>(
    ...statuses,
    400,
    409,
    413,
    415,
    422,
    500,
  );
}
