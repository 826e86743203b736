import type { z } from 'zod';
import { DomainError } from '../errors.js';

/**
 * Validates a merged result (a PATCH applied to what is stored) with the same
 * schema a full write uses, answering the same 400 problem the route validator
 * would (the edge points each field into the request body).
 */
export function parseMerged<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError('invalid_request', 'The resulting event would be invalid', {
    validation: result.error,
  });
}
