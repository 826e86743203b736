import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ConflictError,
  createClient,
  ForbiddenError,
  IdempotencyKeyReusedError,
  isApiError,
  NotFoundError,
  parseRateLimit,
  RateLimitedError,
  UnauthorizedError,
  UnprocessableError,
} from '../src/index.js';
import { fakeServer, json, problem } from './fake-server.js';
import type { paths } from './fixtures/openapi.js';

const BASE = 'https://hub.test';

afterEach(() => {
  vi.useRealTimers();
  vi.resetModules();
});

/** The error `GET /v1/principles` rejects with when the server answers `response`. */
async function errorFor(response: () => Response): Promise<unknown> {
  const server = fakeServer({ 'GET /v1/principles': response });
  const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 0 });
  return client.GET('/v1/principles').then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
}

describe('typed errors', () => {
  it.each([
    [401, 'unauthorized', UnauthorizedError, 'UnauthorizedError'],
    [403, 'forbidden', ForbiddenError, 'ForbiddenError'],
    [404, 'not_found', NotFoundError, 'NotFoundError'],
    [409, 'conflict', ConflictError, 'ConflictError'],
    [422, 'idempotency_key_reused', IdempotencyKeyReusedError, 'IdempotencyKeyReusedError'],
    [429, 'rate_limited', RateLimitedError, 'RateLimitedError'],
  ] as const)('%i %s throws %o', async (status, code, Class, name) => {
    const error = await errorFor(() => problem(status, code));

    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code, name, requestId: 'req-from-body' });
    expect(isApiError(error)).toBe(true);
    expect(isApiError(error, status)).toBe(true);
    expect(isApiError(error, status === 404 ? 403 : 404)).toBe(false);
    expect(String(error)).toMatch(new RegExp(`^${name}: ${status} `));
  });

  it('throws UnprocessableError for a 422 that is not a reused idempotency key', async () => {
    const error = await errorFor(() => new Response('nope', { status: 422 }));

    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).not.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(isApiError(error, 422)).toBe(true);
  });

  it('an IdempotencyKeyReusedError is an UnprocessableError', async () => {
    const error = await errorFor(() => problem(422, 'idempotency_key_reused'));
    expect(error).toBeInstanceOf(UnprocessableError);
  });

  it.each([400, 500, 502])('throws a plain ApiError for %i', async (status) => {
    const error = await errorFor(() => problem(status, 'internal_error'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, name: 'ApiError' });
    for (const Class of [NotFoundError, ConflictError, RateLimitedError, UnprocessableError]) {
      expect(error).not.toBeInstanceOf(Class);
    }
  });

  it('isApiError recognises errors from another copy of the SDK, where instanceof fails', async () => {
    vi.resetModules();
    const copy = await import('../src/errors.js');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError(404, new Headers(), {
      status: 404,
      code: 'not_found',
      title: 'gone',
    });

    expect(foreign).not.toBeInstanceOf(ApiError);
    expect(isApiError(foreign)).toBe(true);
    expect(isApiError(foreign, 404)).toBe(true);
    expect(isApiError(foreign, 429)).toBe(false);
  });

  it('isApiError rejects lookalikes', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'NotFoundError', status: 404 });
    expect(isApiError(lookalike)).toBe(false);
    expect(isApiError(lookalike, 404)).toBe(false);
    expect(isApiError(null, 404)).toBe(false);
    expect(isApiError('ApiError')).toBe(false);
  });
});

describe('rate limits', () => {
  const limited = {
    'retry-after': '30',
    'ratelimit-limit': '100',
    'ratelimit-remaining': '0',
    'ratelimit-reset': '30',
    'ratelimit-policy': '100;w=60',
  };

  it('a 429 carries retryAfterSeconds and the parsed RateLimit headers', async () => {
    const error = await errorFor(() => problem(429, 'rate_limited', limited));

    expect(error).toBeInstanceOf(RateLimitedError);
    if (!isApiError(error, 429)) throw error;
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.rateLimit).toEqual({ limit: 100, remaining: 0, resetSeconds: 30 });
  });

  it('reads Retry-After given as an HTTP date, rounding up to whole seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00.500Z'));
    const error = await errorFor(() =>
      problem(429, 'rate_limited', { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }),
    );

    expect(error).toMatchObject({ retryAfterSeconds: 5 });
  });

  it('leaves retryAfterSeconds and rateLimit undefined when the headers are missing or invalid', async () => {
    const error = await errorFor(() =>
      problem(429, 'rate_limited', { 'retry-after': 'soon', 'ratelimit-limit': '100' }),
    );

    expect(error).toMatchObject({
      status: 429,
      retryAfterSeconds: undefined,
      rateLimit: undefined,
    });
  });

  it('exposes the budget of successful responses through onResponse', async () => {
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt === 1
          ? problem(503, 'service_unavailable', { 'retry-after': '0' })
          : json({ data: [] }, 200, {
              'ratelimit-limit': '60',
              'ratelimit-remaining': '58',
              'ratelimit-reset': '12',
            }),
    });
    const seen: { status: number; rate: unknown }[] = [];
    const perCall: number[] = [];
    const client = createClient<paths>({
      baseUrl: BASE,
      fetch: server.fetch,
      onResponse: (res) => seen.push({ status: res.status, rate: parseRateLimit(res.headers) }),
    });

    await client.GET('/v1/principles', { onResponse: (res) => perCall.push(res.status) });

    expect(seen).toEqual([
      { status: 503, rate: undefined },
      { status: 200, rate: { limit: 60, remaining: 58, resetSeconds: 12 } },
    ]);
    expect(perCall).toEqual([503, 200]);
  });
});
