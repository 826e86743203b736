import type { Scope } from '@oneteamgov/schema';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/problem.js';
import { allows, chaptersWith, isAdmin, type Principal } from './principal.js';
import { requiredScope } from './route-policy.js';

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

/**
 * For routes declared `access.owner(scope)`: once the handler has found the
 * object's chapter, the key must hold the route's declared scope on it, or the
 * caller gets the object's own 404.
 */
export function requireDeclaredScope(
  c: Context<AppEnv>,
  chapterId: string,
  notFound: () => Error,
): Principal {
  return requireChapterScope(c, declaredScope(c), chapterId, notFound);
}

/** Whether the caller's key holds the route's declared scope on a chapter (for services that filter). */
export function declaredScopeChecker(c: Context<AppEnv>): (chapterId: string) => boolean {
  const principal = requireKey(c);
  const scope = declaredScope(c);
  return (chapterId) => allows(principal, scope, chapterId);
}

function declaredScope(c: Context<AppEnv>): Scope {
  const rule = c.get('access');
  const scope = rule && requiredScope(rule);
  if (!scope) throw new Error('A declared scope was asked for on a route that declares none');
  return scope;
}

/** The chapters where the caller's key holds the route's declared scope (null: all of them). */
export function chaptersWithDeclaredScope(c: Context<AppEnv>): string[] | null {
  return chaptersWith(requireKey(c), declaredScope(c));
}
