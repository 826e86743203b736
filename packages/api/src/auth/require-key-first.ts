import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { requireKey } from './authorize.js';

interface RouteDefinition {
  method: string;
  path: string;
  security?: unknown[];
}

/**
 * Operations that declare `security` in the OpenAPI document answer 401 to an
 * anonymous caller before their input is validated: nobody learns how to shape
 * a valid request without a key, and every such operation behaves the same.
 * Scope checks stay with the handlers, which know the chapter involved.
 */
export function requireKeyFirst(app: OpenAPIHono<AppEnv>, routes: RouteDefinition[]): void {
  for (const route of routes) {
    if (!route.security?.length) continue;
    const path = route.path.replace(/\{([^}]+)\}/g, ':$1');
    app.on(route.method.toUpperCase(), path, async (c, next) => {
      requireKey(c);
      await next();
    });
  }
}
