import type { Scope } from '@oneteamgov/schema';

/**
 * OpenAPI fields for an operation that needs a key: the bearer scheme and the
 * scope it checks (`x-required-scope`), which the docs show and the
 * authorization test reads to know who must succeed.
 */
export function secured(scope: Scope) {
  return { security: [{ bearerAuth: [] }], 'x-required-scope': scope } as const;
}
