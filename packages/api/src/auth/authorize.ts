import type { Scope } from '@oneteamgov/schema';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/problem.js';
import { allows, isAdmin, type Principal } from './principal.js';

export const WWW_AUTHENTICATE = 'Bearer realm="oneteamgov"';

export function unauthorized(detail = 'Send an API key as `Authorization: Bearer otg_…`') {
  return new ApiError('unauthorized', detail, {
    headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
  });
}

/** The calling key, or 401. */
export function requireKey(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  return principal;
}

/** Instance-wide operations (keys, new chapters, the audit log): 403 for non-admin keys. */
export function requireAdmin(c: Context<AppEnv>): Principal {
  const principal = requireKey(c);
  if (!isAdmin(principal)) throw new ApiError('forbidden', 'This needs an admin key');
  return principal;
}

/**
 * Chapter-bound operations. A key without the scope on that chapter gets the
 * same 404 as for something that does not exist: "not yours" and "not there"
 * are one answer, so keys cannot probe other chapters' objects.
 */
export function requireChapterScope(
  c: Context<AppEnv>,
  scope: Scope,
  chapterId: string,
  notFound: () => Error,
): Principal {
  const principal = requireKey(c);
  if (!allows(principal, scope, chapterId)) throw notFound();
  return principal;
}
