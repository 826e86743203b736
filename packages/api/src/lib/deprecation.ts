import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { AppEnv } from './context.js';

/**
 * How an operation is retired (docs/versioning.md): it is marked deprecated
 * with the date that happened and, once decided, the date it stops answering.
 * Spread into `createRoute({ ..., ...deprecation({ since, sunset }) })`; the
 * OpenAPI document then says `deprecated: true` and carries `x-deprecation`,
 * and every answer of the operation carries `Deprecation` (RFC 9745) and
 * `Sunset` (RFC 8594) headers.
 */
export interface DeprecationNotice {
  /** The day the operation was deprecated (YYYY-MM-DD, UTC). */
  since: string;
  /** The day it stops answering (YYYY-MM-DD, UTC): at least six months after `since` within /v1. */
  sunset?: string;
  /** Where to read about the change or the replacement (absolute URL or a path on this hub). */
  link?: string;
}

export function deprecation(notice: DeprecationNotice) {
  return { deprecated: true as const, 'x-deprecation': notice };
}

interface RouteDefinition {
  method: string;
  path: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const instant = (day: string) => new Date(`${day}T00:00:00Z`);

/** The headers one notice produces; checked when the app is built, so a typo fails at start. */
export function deprecationHeaders(
  where: string,
  notice: DeprecationNotice,
): Record<string, string> {
  const bad = (why: string) => new Error(`${where}: x-deprecation ${why}`);
  if (!DAY.test(notice.since) || Number.isNaN(instant(notice.since).getTime()))
    throw bad(`since "${notice.since}" is not a YYYY-MM-DD date`);
  // RFC 9745: a structured-field date, seconds since the epoch.
  const headers: Record<string, string> = {
    Deprecation: `@${instant(notice.since).getTime() / 1000}`,
  };
  if (notice.sunset !== undefined) {
    if (!DAY.test(notice.sunset) || Number.isNaN(instant(notice.sunset).getTime()))
      throw bad(`sunset "${notice.sunset}" is not a YYYY-MM-DD date`);
    if (instant(notice.sunset) <= instant(notice.since)) throw bad('sunset must come after since');
    // RFC 8594: an HTTP-date.
    headers.Sunset = instant(notice.sunset).toUTCString();
  }
  if (notice.link) headers.Link = `<${notice.link}>; rel="deprecation"; type="text/html"`;
  return headers;
}

/**
 * Adds the declared `Deprecation`, `Sunset` and `Link` headers to every answer
 * of a deprecated operation, errors included: a client still calling it learns
 * of the change from any response. Operations not deprecated pay one lookup.
 */
export function announceDeprecations(app: OpenAPIHono<AppEnv>, routes: RouteDefinition[]): void {
  const notices = new TrieRouter<Record<string, string>>();
  let any = false;
  for (const route of routes) {
    const declared = route as unknown as {
      deprecated?: boolean;
      'x-deprecation'?: DeprecationNotice;
    };
    if (!declared.deprecated) continue;
    const where = `${route.method.toUpperCase()} ${route.path}`;
    if (!declared['x-deprecation'])
      throw new Error(`${where} is deprecated without a date: use deprecation({ since, sunset })`);
    notices.add(
      route.method.toUpperCase(),
      route.path.replace(/\{([^}]+)\}/g, ':$1'),
      deprecationHeaders(where, declared['x-deprecation']),
    );
    any = true;
  }
  if (any) app.use('*', announce(notices));
}

function announce(notices: TrieRouter<Record<string, string>>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const [matched] = notices.match(method, c.req.path)[0];
    if (!matched) return;
    for (const [name, value] of Object.entries(matched[0] as Record<string, string>)) {
      if (name === 'Link') c.res.headers.append('Link', value);
      else c.res.headers.set(name, value);
    }
  };
}
