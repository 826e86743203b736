import type { z } from 'zod';

interface FieldError {
  pointer: string;
  detail: string;
  code: string;
}

/** Validator targets as clients know them: a JSON body is `/body/…`, whatever the parser. */
const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body' };

const pointer = (segments: string[]) =>
  `/${segments.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * Zod issues → problem `errors[]` with RFC 6901 pointers such as `/query/limit`.
 * A refused unknown field (mass assignment) points at the field itself, e.g.
 * `/body/sequence`, one entry per field.
 */
export function fieldErrorsFrom(target: string, error: z.core.$ZodError): FieldError[] {
  const root = TARGET_NAMES[target] ?? target;
  return error.issues
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
