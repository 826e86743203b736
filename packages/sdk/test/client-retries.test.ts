import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type FetchLike } from '../src/index.js';
import { fakeServer, json, problem } from './fake-server.js';
import type { paths } from './fixtures/openapi.js';

const BASE = 'https://hub.test/';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
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
});
