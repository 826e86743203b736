import type { Scope } from '@oneteamgov/schema';
import type { Caching } from '../lib/cache.js';

/**
 * Who may call an operation. Declared once on each route (`...policy({...})`),
 * published in the OpenAPI document as `x-access`, enforced by one middleware
 * (enforce-route-policies.ts), and read back by the authorization matrix test
 * and the generated access table in the docs.
 */
export type Access =
  /** Anyone, with or without a key. */
  | { kind: 'anonymous' }
  /** Any valid key (e.g. "who am I"). */
  | { kind: 'key' }
  /** Instance-wide operations: 403 for keys that are not admin keys. */
  | { kind: 'admin' }
  /** The chapter is in the path: a key without `scope` on it gets the chapter's 404. */
  | { kind: 'chapter'; scope: Scope; chapterParam: string }
  /**
   * The chapter is found through the object addressed (an event, a member, a source):
   * the handler loads it and calls `requireDeclaredScope`, which answers the object's 404.
   */
  | { kind: 'owner'; scope: Scope };

export const access = {
  anonymous: { kind: 'anonymous' },
  anyKey: { kind: 'key' },
  admin: { kind: 'admin' },
  chapter: (scope: Scope, chapterParam = 'chapterId'): Access => ({
    kind: 'chapter',
    scope,
    chapterParam,
  }),
  owner: (scope: Scope): Access => ({ kind: 'owner', scope }),
} as const satisfies Record<string, Access | ((...args: never[]) => Access)>;

export interface RoutePolicy {
  access: Access;
  caching: Caching;
}

/** The scope an access rule checks (`admin` for admin operations), if any. */
export function requiredScope(rule: Access): Scope | undefined {
  if (rule.kind === 'admin') return 'admin';
  if (rule.kind === 'chapter' || rule.kind === 'owner') return rule.scope;
  return undefined;
}

/**
 * The fields a route spreads into its `createRoute` config: the OpenAPI security
 * requirement and scope for readers of the document, and the policy itself for
 * the enforcing middleware.
 */
export function policy({ access: rule, caching }: RoutePolicy) {
  const scope = requiredScope(rule);
  // A mutable array: RouteConfig's `security` does not accept a readonly tuple.
  const security: { bearerAuth: string[] }[] = [{ bearerAuth: [] }];
  return {
    ...(rule.kind === 'anonymous' ? {} : { security }),
    ...(scope ? { 'x-required-scope': scope } : {}),
    'x-access': rule,
    'x-caching': caching,
  };
}

/** The policy a route declared, read back from its config (undefined for undeclared routes). */
export function declaredPolicy(route: Record<string, unknown>): RoutePolicy | undefined {
  const rule = route['x-access'] as Access | undefined;
  const caching = route['x-caching'] as Caching | undefined;
  return rule && caching ? { access: rule, caching } : undefined;
}
