import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createClient, type Event, type FetchLike, isApiError } from '../src/index.js';
import { event, fakeServer, hang, json, problem, UUID } from './fake-server.js';
import type { paths } from './fixtures/openapi.js';

const BASE = 'https://hub.test/';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('requests', () => {
  it('GETs a typed path with URL-encoded path params', async () => {
    const server = fakeServer({ 'GET /v1/events/{eventId}': () => json(event('a b/c')) });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const result = await client.GET('/v1/events/{eventId}', {
      params: { path: { eventId: 'a b/c' } },
    });

    expect(result.id).toBe('a b/c');
    expect(server.requests[0]?.url).toBe('https://hub.test/v1/events/a%20b%2Fc');
    expect(server.requests[0]?.headers.get('accept')).toContain('application/json');
  });

  it('serialises arrays as repeated keys and skips undefined', async () => {
    const server = fakeServer({ 'GET /v1/events': () => json({ data: [], nextCursor: null }) });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.GET('/v1/events', {
      params: {
        query: { chapter: ['wales', 'north'], status: ['scheduled'], q: undefined, limit: 10 },
      },
    });

    const url = new URL(server.requests[0]?.url ?? '');
    expect(url.search).toBe('?chapter=wales&chapter=north&status=scheduled&limit=10');
    expect(url.searchParams.getAll('chapter')).toEqual(['wales', 'north']);
  });

  it('throws a TypeError for a missing path parameter', async () => {
    const client = createClient<paths>({ baseUrl: BASE, fetch: fakeServer({}).fetch });
    const bypassTypes = { params: { path: {} } } as unknown as {
      params: { path: { eventId: string } };
    };
    await expect(client.GET('/v1/events/{eventId}', bypassTypes)).rejects.toThrow(
      /Missing path parameter "eventId"/,
    );
  });

  it('sends the API key as a bearer token, plus client and request headers', async () => {
    const server = fakeServer({ 'GET /v1/principles': () => json({ data: [] }) });
    const client = createClient<paths>({
      baseUrl: BASE,
      apiKey: 'secret-key',
      fetch: server.fetch,
      headers: { 'x-client': 'site', 'x-both': 'client' },
    });

    await client.GET('/v1/principles', { headers: { 'x-both': 'request' } });

    const headers = server.requests[0]?.headers;
    expect(headers?.get('authorization')).toBe('Bearer secret-key');
    expect(headers?.get('x-client')).toBe('site');
    expect(headers?.get('x-both')).toBe('request');
  });

  it('sends a JSON body and resolves 201 with the created resource', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': async (req) => {
        const body = (await req.json()) as { title: { en: string } };
        return json({ ...event('new'), title: body.title }, 201);
      },
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const created = await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: {
        title: { en: 'Unconference' },
        startsAt: '2026-07-21T17:00:00Z',
        endsAt: '2026-07-21T19:00:00Z',
        timeZone: 'Europe/London',
      },
    });

    expect(created.title).toEqual({ en: 'Unconference' });
    expect(server.requests[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('resolves 204 with undefined', async () => {
    const server = fakeServer({
      'DELETE /v1/events/{eventId}': () => new Response(null, { status: 204 }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await expect(
      client.DELETE('/v1/events/{eventId}', { params: { path: { eventId: 'x' } } }),
    ).resolves.toBeUndefined();
  });

  it('looks up globalThis.fetch at request time', async () => {
    const client = createClient<paths>({ baseUrl: BASE });
    const server = fakeServer({ 'GET /v1/principles': () => json({ data: [] }) });
    vi.stubGlobal('fetch', server.fetch);

    await expect(client.GET('/v1/principles')).resolves.toEqual({ data: [] });
    expect(server.attempts()).toBe(1);
  });
});

describe('errors', () => {
  it('throws ApiError with status, code, requestId and problem', async () => {
    const server = fakeServer({
      'GET /v1/events/{eventId}': () => problem(404, 'not_found', { 'x-request-id': 'req-header' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const error = await client
      .GET('/v1/events/{eventId}', { params: { path: { eventId: 'missing' } } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error)).toBe(true);
    if (!isApiError(error)) throw error;
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expect(error.requestId).toBe('req-from-body');
    expect(error.problem?.type).toBe('https://oneteamgov.org/problems/not_found');
    expect(error.headers.get('content-type')).toBe('application/problem+json');
    expect(error.message).toBe('404 not found');
    expect(error.name).toBe('NotFoundError');
  });

  it('takes requestId from X-Request-Id when the body is not a problem', async () => {
    const server = fakeServer({
      'GET /v1/principles': () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          headers: { 'content-type': 'text/html', 'x-request-id': 'req-header' },
        }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const error = await client.GET('/v1/principles').catch((e: unknown) => e);

    expect(isApiError(error)).toBe(true);
    if (!isApiError(error)) throw error;
    expect(error.status).toBe(502);
    expect(error.requestId).toBe('req-header');
    expect(error.problem).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('HTTP 502');
    expect(error.name).toBe('ApiError');
  });

  it('isApiError rejects other errors', () => {
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isApiError({ name: 'ApiError', status: 400 })).toBe(false);
    expect(isApiError(undefined)).toBe(false);
  });
});

describe('retries', () => {
  it('retries a 503 and then succeeds', async () => {
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt === 1
          ? problem(503, 'service_unavailable', { 'retry-after': '0' })
          : json({ data: [] }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await expect(client.GET('/v1/principles')).resolves.toEqual({ data: [] });
    expect(server.attempts()).toBe(2);
  });

  it('retries 429 until maxRetries is exhausted, then throws the last error', async () => {
    const server = fakeServer({
      'GET /v1/principles': () => problem(429, 'rate_limited', { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 3 });

    await expect(client.GET('/v1/principles')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    expect(server.attempts()).toBe(4);
  });

  it('retries network errors for GET', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      return json({ data: [] });
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const client = createClient<paths>({ baseUrl: BASE, fetch, timeoutMs: 0 });

    const pending = client.GET('/v1/principles');
    await vi.runAllTimersAsync();
    await expect(pending).resolves.toEqual({ data: [] });
    expect(calls).toBe(2);
  });

  it('backs off exponentially (with jitter) when there is no Retry-After', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // jitter factor 1: 500 ms, then 1000 ms
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt < 3 ? problem(503, 'service_unavailable') : json({ data: [] }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, timeoutMs: 0 });

    const pending = client.GET('/v1/principles');
    await vi.advanceTimersByTimeAsync(499);
    expect(server.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(server.attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(3);
    await expect(pending).resolves.toEqual({ data: [] });
  });

  it('honours Retry-After in seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt === 1 ? problem(429, 'rate_limited', { 'retry-after': '2' }) : json({ data: [] }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, timeoutMs: 0 });

    const pending = client.GET('/v1/principles');
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(2);
    await expect(pending).resolves.toEqual({ data: [] });
  });

  it('honours Retry-After as an HTTP-date and caps long waits at 60 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt === 1
          ? problem(503, 'service_unavailable', {
              'retry-after': new Date('2026-01-01T00:00:03Z').toUTCString(),
            })
          : attempt === 2
            ? problem(503, 'service_unavailable', { 'retry-after': '3600' })
            : json({ data: [] }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, timeoutMs: 0 });

    const pending = client.GET('/v1/principles');
    await vi.advanceTimersByTimeAsync(2999);
    expect(server.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(server.attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(3);
    await expect(pending).resolves.toEqual({ data: [] });
  });

  it('does not retry a 400', async () => {
    const server = fakeServer({ 'GET /v1/events': () => problem(400, 'invalid_request') });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await expect(
      client.GET('/v1/events', { params: { query: { limit: 1000 } } }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
    expect(server.attempts()).toBe(1);
  });

  it('does not retry a POST sent with `idempotencyKey: false`', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': () =>
        problem(503, 'service_unavailable', { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await expect(
      client.POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
        body: { title: { en: 'x' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' },
        idempotencyKey: false,
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(server.attempts()).toBe(1);
    expect(server.requests[0]?.headers.has('idempotency-key')).toBe(false);
  });

  it('does not retry a POST without a key after a network error', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      throw new TypeError('fetch failed');
    };
    const client = createClient<paths>({ baseUrl: BASE, fetch });

    await expect(
      client.POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
        body: { title: { en: 'x' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' },
        idempotencyKey: false,
      }),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it('retries a POST with an idempotency key, reusing the same key', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': (_req, { attempt }) =>
        attempt < 3
          ? problem(503, 'service_unavailable', { 'retry-after': '0' })
          : json(event('e1'), 201),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const created = await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: { title: { en: 'x' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' },
      idempotencyKey: 'create-e1',
    });

    expect(created.id).toBe('e1');
    expect(server.requests.map((r) => r.headers.get('idempotency-key'))).toEqual([
      'create-e1',
      'create-e1',
      'create-e1',
    ]);
  });

  it('generates one idempotency key with `idempotencyKey: true` and keeps it across retries', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': (_req, { attempt }) =>
        attempt === 1
          ? problem(429, 'rate_limited', { 'retry-after': '0' })
          : json(event('e2'), 201),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: { title: { en: 'x' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' },
      idempotencyKey: true,
    });

    const keys = server.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
  });

  it('falls back to a Math.random UUID when crypto.randomUUID is missing', async () => {
    vi.stubGlobal('crypto', undefined);
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': () => json(event('e3'), 201),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: { title: { en: 'x' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' },
      idempotencyKey: true,
    });

    expect(server.requests[0]?.headers.get('idempotency-key')).toMatch(UUID);
  });
});

describe('timeouts and aborts', () => {
  it('aborts a request that exceeds timeoutMs and rejects with a TimeoutError', async () => {
    const server = fakeServer({ 'GET /v1/principles': hang });
    const client = createClient<paths>({
      baseUrl: BASE,
      fetch: server.fetch,
      timeoutMs: 20,
      maxRetries: 0,
    });

    await expect(client.GET('/v1/principles')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(server.attempts()).toBe(1);
  });

  it('retries a timed-out GET (each attempt gets its own timeout)', async () => {
    const server = fakeServer({
      'GET /v1/principles': (req, ctx) => (ctx.attempt === 1 ? hang(req, ctx) : json({ data: [] })),
    });
    vi.spyOn(Math, 'random').mockReturnValue(0); // shortest backoff: 250 ms
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, timeoutMs: 20 });

    await expect(client.GET('/v1/principles')).resolves.toEqual({ data: [] });
    expect(server.attempts()).toBe(2);
  });

  it("rejects at once with the caller's AbortError and does not retry", async () => {
    const server = fakeServer({ 'GET /v1/principles': hang });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 5 });
    const controller = new AbortController();

    const pending = client.GET('/v1/principles', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.attempts()).toBe(1);
  });

  it('stops waiting for a retry when the caller aborts during backoff', async () => {
    const server = fakeServer({
      'GET /v1/principles': () => problem(503, 'service_unavailable', { 'retry-after': '30' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });
    const controller = new AbortController();

    const pending = client.GET('/v1/principles', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.attempts()).toBe(1);
  });

  it('does not call fetch when the signal is already aborted', async () => {
    const server = fakeServer({ 'GET /v1/principles': () => json({ data: [] }) });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await expect(
      client.GET('/v1/principles', { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.attempts()).toBe(0);
  });
});

describe('paginate', () => {
  it('walks every page in order and stops when nextCursor is null', async () => {
    const pages: Record<string, { data: Event[]; nextCursor: string | null }> = {
      first: { data: [event('1'), event('2')], nextCursor: 'c2' },
      c2: { data: [event('3'), event('4')], nextCursor: 'c3' },
      c3: { data: [event('5')], nextCursor: null },
    };
    const server = fakeServer({
      'GET /v1/events': (req) => {
        const cursor = new URL(req.url).searchParams.get('cursor') ?? 'first';
        return pages[cursor] ? json(pages[cursor]) : problem(400, 'invalid_cursor');
      },
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    const ids: string[] = [];
    for await (const item of client.paginate('/v1/events', {
      params: { query: { chapter: ['wales'], limit: 2 } },
    })) {
      ids.push(item.id);
    }

    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(server.attempts()).toBe(3);
    expect(server.requests.map((r) => new URL(r.url).search)).toEqual([
      '?chapter=wales&limit=2',
      '?chapter=wales&limit=2&cursor=c2',
      '?chapter=wales&limit=2&cursor=c3',
    ]);
  });

  it('fetches lazily: breaking out early stops paging', async () => {
    const server = fakeServer({
      'GET /v1/chapters/{chapterId}/events': () =>
        json({ data: [event('1'), event('2')], nextCursor: 'more' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    for await (const item of client.paginate('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
    })) {
      expect(item.chapterId).toBe('wales');
      break;
    }
    expect(server.attempts()).toBe(1);
  });
});
