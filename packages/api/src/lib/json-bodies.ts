import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';
import { requestBodyBytes, WRITE_METHODS } from './request-body.js';
import { findUnstorableText } from './storable-text.js';

const isJson = (mediaType: string) =>
  mediaType === 'application/json' || mediaType.endsWith('+json');

/**
 * Every request body the API accepts is JSON. A write that says its body is
 * something else (a form, plain text) gets 415 with the type it sent, rather
 * than a 400 about fields it never meant to send. Text PostgreSQL cannot store
 * (a NUL, an unpaired surrogate) anywhere in a JSON body is a 400 naming the
 * field. Anonymous calls are left to the route's authentication check, so
 * they still get their 401 first.
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
      // Read from the shared copy of the body, so the route's validator still parses the original;
      // malformed JSON is the validator's to report.
      const pointer = findUnstorableText(parseOrUndefined(await requestBodyBytes(c)));
      if (pointer !== undefined) {
        throw new ApiError(
          'invalid_request',
          'Text cannot contain NUL characters or unpaired surrogates',
          {
            errors: [{ pointer: `/body${pointer}`, detail: 'NUL character or unpaired surrogate' }],
          },
        );
      }
    }
    await next();
  };
}

function parseOrUndefined(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
