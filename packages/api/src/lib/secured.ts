import type { Scope } from '@oneteamgov/schema';

/**
 * OpenAPI fields for an operation that needs a key: the bearer scheme and the
 * scope it checks (`x-required-scope`), which the docs show and the
 * authorization test reads to know who must succeed.
 */
export function secured(scope: Scope) {
  // A mutable array: RouteConfig's `security` does not accept a readonly tuple.
  const security: { bearerAuth: string[] }[] = [{ bearerAuth: [] }];
  return { security, 'x-required-scope': scope };
}
