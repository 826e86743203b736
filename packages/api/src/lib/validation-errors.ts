import type { z } from 'zod';

interface FieldError {
  pointer: string;
  detail: string;
  code: string;
}

/** Validator targets as clients know them: a JSON body is `/body/…`, whatever the parser. */
const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body' };

/** An RFC 6901 pointer from path segments, escaping `~` and `/`. */
export const pointer = (segments: string[]) =>
  `/${segments.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

type Issue = z.core.$ZodIssue;

/**
 * `X | null` fields are unions: when a value fails as X, zod reports "invalid
 * input" for the whole union. The branch that was the wrong type altogether
 * (an object is not null) says nothing useful, so the issues of the one branch
 * that came close are reported instead, at their own paths.
 */
function flattenUnions(issue: Issue, prefix: PropertyKey[] = []): Issue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const close = issue.errors.filter(
      (branch) =>
        !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0),
    );
    if (close.length === 1) return close[0]!.flatMap((inner) => flattenUnions(inner, path));
  }
  return [{ ...issue, path }];
}

/**
 * Zod issues → problem `errors[]` with RFC 6901 pointers such as `/query/limit`.
 * A refused unknown field (mass assignment) points at the field itself, e.g.
 * `/body/sequence`, one entry per field.
 */
export function fieldErrorsFrom(target: string, error: z.core.$ZodError): FieldError[] {
  const root = TARGET_NAMES[target] ?? target;
  return error.issues
    .flatMap((issue) => flattenUnions(issue))
    .flatMap((issue): FieldError[] => {
      const at = [root, ...issue.path.map(String)];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          pointer: pointer([...at, key]),
          detail: `"${key}" is not a field of this request (it is set by the server or does not exist)`,
          code: issue.code,
        }));
      }
      return [{ pointer: pointer(at), detail: issue.message, code: issue.code }];
    })
    .slice(0, 100);
}
