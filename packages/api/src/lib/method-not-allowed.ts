import type { MiddlewareHandler } from 'hono';

/**
 * Hono answers 404 for a known path with an unknown method; clients deserve
 * 405 with an Allow header. Built once from the registered OpenAPI routes.
 */
export function allowedMethodsFinder(routes: { method: string; path: string }[]) {
  const table = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    const entry = table.get(route.path) ?? {
      pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      methods: new Set<string>(['OPTIONS']),
    };
    entry.methods.add(route.method.toUpperCase());
    if (route.method.toLowerCase() === 'get') entry.methods.add('HEAD');
    table.set(route.path, entry);
  }
  return (path: string): string[] | undefined => {
    for (const { pattern, methods } of table.values()) {
      if (pattern.test(path)) return [...methods].sort();
    }
    return undefined;
  };
}

/**
 * OPTIONS names the methods a path answers in `Allow` (RFC 9110 §9.3.7), on
 * CORS preflights too, which the CORS middleware otherwise answers alone.
 */
export function allowOnOptions(
  allowedMethods: (path: string) => string[] | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'OPTIONS') return;
    const allowed = allowedMethods(c.req.path);
    if (allowed) c.header('Allow', allowed.join(', '));
  };
}
