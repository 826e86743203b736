import type { z } from 'zod';

/** Zod issues → problem `errors[]` with RFC 6901 pointers such as `/query/limit`. */
export function fieldErrorsFrom(target: string, error: z.core.$ZodError) {
  return error.issues.slice(0, 100).map((issue) => ({
    pointer: `/${[target, ...issue.path.map(String)]
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/')}`,
    detail: issue.message,
    code: issue.code,
  }));
}
