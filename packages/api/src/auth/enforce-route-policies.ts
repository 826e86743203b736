import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { CACHING, type Caching, cacheControl } from '../lib/cache.js';
import type { AppEnv } from '../lib/context.js';
import { setResponseHeader } from '../lib/response-headers.js';
import { chapterNotFound } from '../services/chapters/chapter-errors.js';
import { requireAdmin, requireChapterScope, requireKey } from './authorize.js';
import type { Principal } from './principal.js';
import { type Access, declaredPolicy, type RoutePolicy } from './route-policy.js';

interface RouteDefinition {
  method: string;
  path: string;
}

/**
 * The one place where routes' declared access rules and caching take effect.
 * It runs before input validation, so who may call is settled first: an
 * anonymous or unauthorised caller learns nothing from validation errors, and
 * every operation with the same rule behaves the same.
 */
export function enforceRoutePolicies(app: OpenAPIHono<AppEnv>, routes: RouteDefinition[]): void {
  const policies = new TrieRouter<RoutePolicy>();
  for (const route of routes) {
    const declared = declaredPolicy(route as unknown as Record<string, unknown>);
    // Every operation must say who may call it and how long its answer may be kept.
    if (!declared) throw new Error(`${route.method} ${route.path} declares no access policy`);
    policies.add(route.method.toUpperCase(), route.path.replace(/\{([^}]+)\}/g, ':$1'), declared);
  }
  app.use('*', async (c, next) => {
    // The first route registered for a path wins, as in the app itself
    // (`/v1/keys/current` before `/v1/keys/{keyId}`).
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const [matched] = policies.match(method, c.req.path)[0];
    if (!matched) return next();
    const [declared, params] = matched as [RoutePolicy, Record<string, string>];
    c.set('access', declared.access);
    authorizeAccess(c, declared.access, params);
    await next();
    if (c.res.status >= 400) return;
    setResponseHeader(
      c,
      'Cache-Control',
      cacheControl(effectiveCaching(declared.caching, c.get('principal'))),
    );
  });
}

/** Whatever an authenticated call returns is for that caller only; "never store" stays so. */
function effectiveCaching(declared: Caching, principal: Principal | null | undefined): Caching {
  if (declared.kind === 'none' || !principal) return declared;
  return CACHING.private;
}

function authorizeAccess(c: Context<AppEnv>, rule: Access, params: Record<string, string>): void {
  switch (rule.kind) {
    case 'anonymous':
      return;
    case 'key':
    case 'owner':
      requireKey(c);
      return;
    case 'admin':
      requireAdmin(c);
      return;
    case 'chapter': {
      const chapterId = decoded(params[rule.chapterParam] ?? '');
      requireChapterScope(c, rule.scope, chapterId, () => chapterNotFound(chapterId));
    }
  }
}

/** A malformed escape cannot name a chapter the key holds: keep it as sent (it will 404). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
