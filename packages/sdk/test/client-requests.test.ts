import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createClient, isApiError } from '../src/index.js';
import { event, fakeServer, json, problem } from './fake-server.js';
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
