import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type Event } from '../src/index.js';
import { event, fakeServer, hang, json, problem } from './fake-server.js';
import type { paths } from './fixtures/openapi.js';

const BASE = 'https://hub.test/';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
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
