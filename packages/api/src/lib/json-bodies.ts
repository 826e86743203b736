import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';
import { WRITE_METHODS } from './request-body.js';

const isJson = (mediaType: string) =>
  mediaType === 'application/json' || mediaType.endsWith('+json');

/**
 * Every request body the API accepts is JSON. A write that says its body is
 * something else (a form, plain text) gets 415 with the type it sent, rather
 * than a 400 about fields it never meant to send. Anonymous calls are left to
 * the route's authentication check, so they still get their 401 first.
 */
export function jsonBodiesOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-type');
    if (WRITE_METHODS.has(c.req.method) && declared && c.req.raw.body && c.get('principal')) {
      const mediaType = declared.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!isJson(mediaType)) {
        throw new ApiError(
          'unsupported_media_type',
          `Request bodies must be application/json; this one was sent as ${mediaType.slice(0, 100)}`,
        );
      }
    }
    await next();
  };
}
