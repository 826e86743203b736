import type { Scope } from '@oneteamgov/schema';

export interface Grant {
  scope: Scope;
  chapterId: string | null;
}

/** Who is calling: an API key and what it was granted. Anonymous callers have none. */
export interface Principal {
  keyId: string;
  grants: Grant[];
}

/** Scopes that a granted scope also gives. */
const IMPLIED: Partial<Record<Scope, Scope[]>> = { 'members:write': ['members:read'] };

export function isAdmin(principal: Principal): boolean {
  return principal.grants.some((g) => g.scope === 'admin');
}

/** Whether the key may use `scope` on `chapterId`. Admin keys may do everything. */
export function allows(principal: Principal, scope: Scope, chapterId: string): boolean {
  if (isAdmin(principal)) return true;
  return principal.grants.some(
    (g) => g.chapterId === chapterId && (g.scope === scope || IMPLIED[g.scope]?.includes(scope)),
  );
}

/** Chapters on which the key holds `scope` (null = all, for admin keys). */
export function chaptersWith(principal: Principal, scope: Scope): string[] | null {
  if (isAdmin(principal)) return null;
  return principal.grants
    .filter((g) => g.chapterId && (g.scope === scope || IMPLIED[g.scope]?.includes(scope)))
    .map((g) => g.chapterId as string);
}
