import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/problem.js';
import { requestBodyBytes, WRITE_METHODS } from '../lib/request-body.js';
import { lookupHash, seal, unseal } from './seal.js';
import { claim, complete, ERASED, release } from './store.js';
import { subjectsOf } from './subjects.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` with Stripe's semantics, scoped to the calling API key:
 * - same key, same request → the stored response, byte for byte, and no second write;
 * - same key, different request → 422 `idempotency_key_reused`;
 * - same key while the first is still running → 409 `conflict`;
 * - only successful (2xx) outcomes are stored: a request that failed validation
 *   or lost a race can be retried with the same key.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    const principal = c.get('principal');
    if (key === undefined || !WRITE_METHODS.has(c.req.method) || !principal) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError(
        'invalid_request',
        'Idempotency-Key must be 1–255 visible ASCII characters',
        {
          errors: [{ pointer: '/header/idempotency-key', detail: 'invalid idempotency key' }],
        },
      );
    }
    const { db, now } = c.get('deps');
    const url = new URL(c.req.url);
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${url.pathname}${url.search}\n`)
      .update(await requestBodyBytes(c))
      .digest('base64url');

    const lookup = lookupHash(principal.keyId, key);
    const claimed = await claim(db, principal.keyId, lookup, requestHash, now?.() ?? new Date());
    if (claimed.kind === 'existing') {
      const { row } = claimed;
      if (row.requestHash === ERASED) {
        throw new ApiError(
          'conflict',
          'The record this request was about has been erased; its result is no longer kept. Send a new request with a new Idempotency-Key if it should be made again.',
        );
      }
      if (row.requestHash !== requestHash) {
        throw new ApiError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request; use a new key for a new request',
        );
      }
      if (row.status === null) {
        throw new ApiError(
          'conflict',
          'A request with this Idempotency-Key is still being processed',
          {
            headers: { 'Retry-After': '1' },
          },
        );
      }
      const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
      if (row.contentType) headers['Content-Type'] = row.contentType;
      if (row.location) headers.Location = row.location;
      // Stored bytes back as they were sent; a 204 has no body.
      if (row.status === 204 || !row.body) return c.body(null, row.status as 204, headers);
      return c.body(unseal(principal.keyId, key, row.body), row.status as 200, headers);
    }

    try {
      await next();
    } catch (error) {
      await release(db, principal.keyId, lookup);
      throw error;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      const body = await c.res.clone().text();
      await complete(db, principal.keyId, lookup, {
        status: c.res.status,
        contentType: c.res.headers.get('content-type'),
        location: c.res.headers.get('location'),
        body: seal(principal.keyId, key, body),
        subjects: subjectsOf(url.pathname, body),
      });
    } else {
      await release(db, principal.keyId, lookup);
    }
  };
}
