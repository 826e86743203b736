import { closest, distance } from 'fastest-levenshtein';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';
import { pointer } from './validation-errors.js';

/** The parameter names an operation's declared query schema accepts (none when it declares none). */
export function declaredQueryNames(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * The known name a misspelt one was most likely meant to be: a typo, a plural or
 * a case slip (`chapters`, `Chapter`, `radiuskm`), never a wild guess.
 */
export function suggestName(unknown: string, known: string[]): string | undefined {
  if (known.length === 0) return undefined;
  const folded = unknown.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === folded);
  if (sameLetters) return sameLetters;
  const best = closest(unknown, known);
  return distance(unknown, best) <= Math.max(2, Math.floor(unknown.length / 3)) ? best : undefined;
}

/**
 * Unknown query parameters are refused rather than ignored: a misspelt filter
 * (`?chapters=wales`) would otherwise silently answer with every chapter's events.
 * Built from the operation's declared query schema, so the document and the
 * check cannot disagree.
 */
export function knownQueryOnly(schema: unknown): MiddlewareHandler<AppEnv> {
  const known = declaredQueryNames(schema);
  const accepted = new Set(known);
  return async (c, next) => {
    const unknown = [...new Set(new URL(c.req.url).searchParams.keys())].filter(
      (name) => !accepted.has(name),
    );
    if (unknown.length > 0) {
      const errors = unknown.slice(0, 100).map((name) => {
        const suggestion = suggestName(name, known);
        return {
          pointer: pointer(['query', name]),
          detail: `"${name}" is not a parameter of this operation${
            suggestion ? `; did you mean "${suggestion}"?` : ''
          }`,
          code: 'unknown_parameter',
        };
      });
      const detail =
        errors.length === 1
          ? errors[0]!.detail
          : `${unknown.map((name) => `"${name}"`).join(', ')} are not parameters of this operation`;
      throw new ApiError('invalid_request', detail, { errors });
    }
    await next();
  };
}
