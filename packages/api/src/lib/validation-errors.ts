import type { z } from 'zod';

/** Validator targets as clients know them: a JSON body is `/body/…`, whatever the parser. */
const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body' };

/** Zod issues → problem `errors[]` with RFC 6901 pointers such as `/query/limit`. */
export function fieldErrorsFrom(target: string, error: z.core.$ZodError) {
  const root = TARGET_NAMES[target] ?? target;
  return error.issues.slice(0, 100).map((issue) => ({
    pointer: `/${[root, ...issue.path.map(String)]
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/')}`,
    detail: issue.message,
    code: issue.code,
  }));
}
