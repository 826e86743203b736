import { LanguageTag, Slug } from '@oneteamgov/schema';
import { z } from 'zod';
import { ApiError } from '../../lib/problem.js';
import { fieldErrorsFrom } from '../../lib/validation-errors.js';

/**
 * The options of the iframe page, named like the element's attributes so a
 * snippet can move between the two forms. Unknown parameters are refused, as on
 * every other route, so a typo does not silently show the wrong events.
 */
const EmbedQuery = z.strictObject({
  chapter: z
    .string()
    .max(1000)
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(Slug).max(50))
    .optional(),
  lang: LanguageTag.optional(),
  layout: z.enum(['list', 'compact', 'month']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  'include-past': z.enum(['', 'true']).optional(),
});
export type EmbedQuery = z.infer<typeof EmbedQuery>;

/** Parses `?chapter=wales,north&lang=cy…`; repeated `chapter` parameters are joined. */
export function parseEmbedQuery(url: string): EmbedQuery {
  const params = new URL(url).searchParams;
  const raw: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (key !== 'chapter' && values.length > 1) {
      throw new ApiError('invalid_request', `"${key}" may be given once`, {
        errors: [{ pointer: `/query/${key}`, detail: 'given more than once', code: 'too_many' }],
      });
    }
    raw[key] = values.join(',');
  }
  const result = EmbedQuery.safeParse(raw);
  if (!result.success) {
    throw new ApiError('invalid_request', 'One or more parameters are invalid', {
      errors: fieldErrorsFrom('query', result.error),
    });
  }
  return result.data;
}
