import { LanguageTag } from '@oneteamgov/schema';
import { z } from 'zod';
import { ApiError } from '../../lib/problem.js';
import { fieldErrorsFrom } from '../../lib/validation-errors.js';

/** `?lang=` only: unknown parameters are refused, as on every other route. */
const EventPageQuery = z.strictObject({ lang: LanguageTag.optional() });
export type EventPageQuery = z.infer<typeof EventPageQuery>;

export function parseEventPageQuery(url: string): EventPageQuery {
  const params = new URL(url).searchParams;
  const raw: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    if (params.getAll(key).length > 1) {
      throw new ApiError('invalid_request', `"${key}" may be given once`, {
        errors: [{ pointer: `/query/${key}`, detail: 'given more than once', code: 'too_many' }],
      });
    }
    raw[key] = params.get(key)!;
  }
  const result = EventPageQuery.safeParse(raw);
  if (!result.success) {
    throw new ApiError('invalid_request', 'One or more parameters are invalid', {
      errors: fieldErrorsFrom('query', result.error),
    });
  }
  return result.data;
}
