import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  createClient,
  type Event,
  type FetchLike,
  IdempotencyKeyReusedError,
  isApiError,
} from '../src/index.js';
import { event, fakeServer, json, problem, UUID } from './fake-server.js';
import type { paths } from './fixtures/openapi.js';

const BASE = 'https://hub.test';
const newEvent = { title: { en: 'Meetup' }, startsAt: 'a', endsAt: 'b', timeZone: 'UTC' };
const keysOf = (requests: Request[]) => requests.map((r) => r.headers.get('idempotency-key'));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/**
 * A stand-in for the API's Idempotency-Key store (Stripe semantics): the first request
 * with a key is applied and its response stored; a repeat gets the stored response with
 * `Idempotent-Replayed: true`; the same key with another body gets 422.
 */
function idempotentEventStore() {
  const created: Event[] = [];
  const stored = new Map<string, { body: string; event: Event }>();
  const create = async (req: Request): Promise<Response> => {
    const body = await req.text();
    const key = req.headers.get('idempotency-key');
    const previous = key ? stored.get(key) : undefined;
    if (previous) {
      return previous.body === body
        ? json(previous.event, 201, { 'idempotent-replayed': 'true' })
        : problem(422, 'idempotency_key_reused');
    }
    const made = { ...event(`e${created.length + 1}`), ...(JSON.parse(body) as object) };
    created.push(made);
    if (key) stored.set(key, { body, event: made });
    return json(made, 201);
  };
  return { created, create };
}

describe('automatic idempotency keys', () => {
  it('a POST whose response is lost is retried under the same key and applied once', async () => {
    const store = idempotentEventStore();
    const requests: Request[] = [];
    let calls = 0;
    // The first attempt reaches the server, which applies it; the answer never arrives.
    const fetch: FetchLike = async (url, init) => {
      const req = new Request(url, init);
      requests.push(req);
      const res = await store.create(req);
      if (++calls === 1) throw new TypeError('fetch failed: connection reset');
      return res;
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const replayed: (string | null)[] = [];
    const client = createClient<paths>({ baseUrl: BASE, fetch, apiKey: 'otg_test', timeoutMs: 0 });

    const pending = client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: newEvent,
      onResponse: (res) => replayed.push(res.headers.get('idempotent-replayed')),
    });
    await vi.runAllTimersAsync();
    const result = await pending;

    expect(store.created).toHaveLength(1);
    expect(result.id).toBe(store.created[0]?.id);
    expect(replayed).toEqual(['true']);
    const keys = keysOf(requests);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
  });

  it('every write method gets one key per call, reused on its retries', async () => {
    const flaky =
      (ok: () => Response) =>
      (_req: Request, { attempt }: { attempt: number }) =>
        attempt === 1 ? problem(503, 'service_unavailable', { 'retry-after': '0' }) : ok();
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': flaky(() => json(event('p'), 201)),
      'PUT /v1/events/{eventId}': flaky(() => json(event('u'))),
      'DELETE /v1/events/{eventId}': flaky(() => new Response(null, { status: 204 })),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });
    const params = { path: { eventId: 'x' } };

    await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: newEvent,
    });
    await client.PUT('/v1/events/{eventId}', { params, body: newEvent });
    await client.DELETE('/v1/events/{eventId}', { params });

    const keys = keysOf(server.requests);
    expect(server.requests.map((r) => r.method)).toEqual([
      'POST',
      'POST',
      'PUT',
      'PUT',
      'DELETE',
      'DELETE',
    ]);
    for (const key of keys) expect(key).toMatch(UUID);
    expect([keys[0] === keys[1], keys[2] === keys[3], keys[4] === keys[5]]).toEqual([
      true,
      true,
      true,
    ]);
    expect(new Set(keys).size).toBe(3);
  });

  it('never sends a key with GET', async () => {
    const server = fakeServer({
      'GET /v1/principles': (_req, { attempt }) =>
        attempt === 1
          ? problem(503, 'service_unavailable', { 'retry-after': '0' })
          : json({ data: [] }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.GET('/v1/principles');

    expect(keysOf(server.requests)).toEqual([null, null]);
  });

  it('sends no key when the write will not be retried (maxRetries: 0)', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': () => json(event('e'), 201),
    });
    const params = { path: { chapterId: 'wales' } };

    const perClient = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 0 });
    await perClient.POST('/v1/chapters/{chapterId}/events', { params, body: newEvent });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });
    await client.POST('/v1/chapters/{chapterId}/events', {
      params,
      body: newEvent,
      maxRetries: 0,
    });
    await client.POST('/v1/chapters/{chapterId}/events', {
      params,
      body: newEvent,
      maxRetries: 0,
      idempotencyKey: true,
    });

    const keys = keysOf(server.requests);
    expect(keys.slice(0, 2)).toEqual([null, null]);
    expect(keys[2]).toMatch(UUID);
  });

  it('`idempotencyKey: false` sends no key; PUT is still retried, POST is not', async () => {
    const server = fakeServer({
      'PUT /v1/events/{eventId}': (_req, { attempt }) =>
        attempt === 1
          ? problem(503, 'service_unavailable', { 'retry-after': '0' })
          : json(event('u')),
      'POST /v1/chapters/{chapterId}/events': () =>
        problem(503, 'service_unavailable', { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.PUT('/v1/events/{eventId}', {
      params: { path: { eventId: 'x' } },
      body: newEvent,
      idempotencyKey: false,
    });
    await expect(
      client.POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
        body: newEvent,
        idempotencyKey: false,
      }),
    ).rejects.toMatchObject({ status: 503 });

    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'POST']);
    expect(keysOf(server.requests)).toEqual([null, null, null]);
  });

  it('keeps an Idempotency-Key header set by the caller', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': (_req, { attempt }) =>
        attempt === 1
          ? problem(429, 'rate_limited', { 'retry-after': '0' })
          : json(event('e'), 201),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });

    await client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: newEvent,
      headers: { 'Idempotency-Key': 'import-2026-07-row-42' },
    });

    expect(keysOf(server.requests)).toEqual(['import-2026-07-row-42', 'import-2026-07-row-42']);
  });

  it('an explicit key reused for a different body throws IdempotencyKeyReusedError, once', async () => {
    const store = idempotentEventStore();
    const server = fakeServer({ 'POST /v1/chapters/{chapterId}/events': store.create });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });
    const params = { path: { chapterId: 'wales' } };

    await client.POST('/v1/chapters/{chapterId}/events', {
      params,
      body: newEvent,
      idempotencyKey: 'row-1',
    });
    const again = await client.POST('/v1/chapters/{chapterId}/events', {
      params,
      body: newEvent,
      idempotencyKey: 'row-1',
    });
    const error = await client
      .POST('/v1/chapters/{chapterId}/events', {
        params,
        body: { ...newEvent, title: { en: 'Другое' } },
        idempotencyKey: 'row-1',
      })
      .catch((e: unknown) => e);

    expect(again.id).toBe(store.created[0]?.id);
    expect(store.created).toHaveLength(1);
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(server.attempts()).toBe(3);
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
        body: newEvent,
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
      body: newEvent,
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
      body: newEvent,
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
      body: newEvent,
      idempotencyKey: true,
    });

    expect(server.requests[0]?.headers.get('idempotency-key')).toMatch(UUID);
  });
});

describe('retrying writes', () => {
  it('waits out a 409 from a request still in flight under the same key (Retry-After)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': (_req, { attempt }) =>
        attempt === 1
          ? problem(409, 'conflict', { 'retry-after': '1' })
          : json(event('e1'), 201, { 'idempotent-replayed': 'true' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, timeoutMs: 0 });

    const pending = client.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: newEvent,
      idempotencyKey: 'create-e1',
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.attempts()).toBe(2);

    await expect(pending).resolves.toMatchObject({ id: 'e1' });
    expect(keysOf(server.requests)).toEqual(['create-e1', 'create-e1']);
  });

  it('throws ConflictError after maxRetries when the first request is still running', async () => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': () =>
        problem(409, 'conflict', { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 2 });

    const error = await client
      .POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
        body: newEvent,
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(isApiError(error, 409) && error.retryAfterSeconds).toBe(0);
    expect(server.attempts()).toBe(3);
  });

  it('does not retry a 409 without Retry-After (a state conflict) or without a key', async () => {
    const server = fakeServer({
      'PUT /v1/events/{eventId}': () => problem(409, 'conflict'),
      'DELETE /v1/events/{eventId}': () => problem(409, 'conflict', { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch });
    const params = { path: { eventId: 'x' } };

    await expect(
      client.PUT('/v1/events/{eventId}', { params, body: newEvent }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      client.DELETE('/v1/events/{eventId}', { params, idempotencyKey: false }),
    ).rejects.toBeInstanceOf(ConflictError);

    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'DELETE']);
    expect(server.requests[0]?.headers.get('idempotency-key')).toMatch(UUID);
  });

  it.each([
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [422, 'idempotency_key_reused'],
  ] as const)('never retries a %i, even with a key and Retry-After', async (status, code) => {
    const server = fakeServer({
      'POST /v1/chapters/{chapterId}/events': () => problem(status, code, { 'retry-after': '0' }),
    });
    const client = createClient<paths>({ baseUrl: BASE, fetch: server.fetch, maxRetries: 5 });

    const error = await client
      .POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
        body: newEvent,
      })
      .catch((e: unknown) => e);

    expect(isApiError(error, status)).toBe(true);
    expect(server.attempts()).toBe(1);
  });
});
