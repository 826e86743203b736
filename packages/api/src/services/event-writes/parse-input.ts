import type { z } from 'zod';
import { ApiError } from '../../lib/problem.js';
import { fieldErrorsFrom } from '../../lib/validation-errors.js';

/**
 * Validates a merged result (a PATCH applied to what is stored) with the same
 * schema a full write uses, answering the same 400 problem the route validator
 * would, with pointers into the request body.
 */
export function parseMerged<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError('invalid_request', 'The resulting event would be invalid', {
    errors: fieldErrorsFrom('body', result.error),
  });
}
