import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiError,
  type Chapter,
  type Client,
  createClient,
  type Event,
  type EventPage,
  type IdempotencyKeyReusedError,
  isApiError,
  type NotFoundError,
  type Principle,
  type PrincipleList,
  type RateLimit,
  type RateLimitedError,
} from '../src/index.js';
import type { paths } from './fixtures/openapi.js';

// Type-level tests only: vitest --typecheck (and tsc -p tsconfig.json) check this file; it never runs.
const client = createClient({ baseUrl: 'https://hub.oneteamgov.org' });
// The stand-in API with write operations, for typing POST/PUT/DELETE.
const writer = createClient<paths>({ baseUrl: 'https://hub.oneteamgov.org' });

describe('createClient', () => {
  it('defaults to the Hub API paths', () => {
    expectTypeOf(client).toEqualTypeOf<Client>();
  });
});

describe('GET', () => {
  it('returns the 200 body type', () => {
    expectTypeOf(
      client.GET('/v1/events/{eventId}', { params: { path: { eventId: 'x' } } }),
    ).resolves.toEqualTypeOf<Event>();
    expectTypeOf(client.GET('/v1/events')).resolves.toEqualTypeOf<EventPage>();
    expectTypeOf(
      client.GET('/v1/chapters/{chapterId}', { params: { path: { chapterId: 'wales' } } }),
    ).resolves.toEqualTypeOf<Chapter>();
    expectTypeOf(client.GET('/v1/principles')).resolves.toEqualTypeOf<PrincipleList>();
  });

  it('types query parameters from the operation', () => {
    client.GET('/v1/events', {
      params: { query: { chapter: ['wales'], status: ['scheduled', 'movedOnline'], limit: 10 } },
    });
    // @ts-expect-error status is an enum
    client.GET('/v1/events', { params: { query: { status: ['nope'] } } });
    // @ts-expect-error chapter is an array of ids
    client.GET('/v1/events', { params: { query: { chapter: 'wales' } } });
    // @ts-expect-error unknown query parameter
    client.GET('/v1/events', { params: { query: { colour: 'red' } } });
    // @ts-expect-error getEvent has no query parameters
    client.GET('/v1/events/{eventId}', { params: { path: { eventId: 'x' }, query: { limit: 1 } } });
  });

  it('rejects unknown paths and missing path parameters', () => {
    // @ts-expect-error not a path of the API
    client.GET('/v1/nonexistent');
    // @ts-expect-error eventId is required
    client.GET('/v1/events/{eventId}');
    // @ts-expect-error eventId is required
    client.GET('/v1/events/{eventId}', { params: { path: {} } });
    // @ts-expect-error wrong path parameter name
    client.GET('/v1/events/{eventId}', { params: { path: { id: 'x' } } });
  });

  it('accepts per-request options', () => {
    client.GET('/v1/principles', {
      signal: new AbortController().signal,
      timeoutMs: 1000,
      maxRetries: 0,
      headers: { 'x-trace': '1' },
    });
  });
});

describe('writes', () => {
  it('limits each method to the paths that support it', () => {
    // @ts-expect-error /v1/events has no POST
    writer.POST('/v1/events', { body: {} });
    // @ts-expect-error no PATCH operations at all
    writer.PATCH('/v1/events/{eventId}', { params: { path: { eventId: 'x' } } });
  });

  it('types the body and requires it when the spec does', () => {
    const created = writer.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: { title: { en: 'Meetup' }, startsAt: 'a', endsAt: 'b', timeZone: 'Europe/London' },
      idempotencyKey: true,
    });
    expectTypeOf(created).resolves.toEqualTypeOf<Event>();
    // @ts-expect-error body is required
    writer.POST('/v1/chapters/{chapterId}/events', { params: { path: { chapterId: 'wales' } } });
    writer.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      // @ts-expect-error title is required
      body: { startsAt: 'a', endsAt: 'b', timeZone: 'Europe/London' },
    });
  });

  it('resolves 204 responses with undefined', () => {
    expectTypeOf(
      writer.DELETE('/v1/events/{eventId}', { params: { path: { eventId: 'x' } } }),
    ).resolves.toEqualTypeOf<undefined>();
  });
});

describe('paginate', () => {
  it('yields the page item type', () => {
    expectTypeOf(client.paginate('/v1/events')).toEqualTypeOf<AsyncIterableIterator<Event>>();
    expectTypeOf(client.paginate('/v1/chapters')).toEqualTypeOf<AsyncIterableIterator<Chapter>>();
    expectTypeOf(
      client.paginate('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'wales' } },
      }),
    ).toEqualTypeOf<AsyncIterableIterator<Event>>();
  });

  it('only accepts cursor-paginated paths', () => {
    // @ts-expect-error PrincipleList has no nextCursor
    client.paginate('/v1/principles');
    // @ts-expect-error a single event is not a page
    client.paginate('/v1/events/{eventId}', { params: { path: { eventId: 'x' } } });
  });
});

describe('ApiError', () => {
  it('exposes typed fields', () => {
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError['code']>().toExtend<string | undefined>();
    expectTypeOf<Principle['id']>().toExtend<string>();
    expectTypeOf<ApiError['rateLimit']>().toEqualTypeOf<RateLimit | undefined>();
    expectTypeOf<RateLimitedError['retryAfterSeconds']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NotFoundError['status']>().toEqualTypeOf<404>();
    expectTypeOf<IdempotencyKeyReusedError['code']>().toEqualTypeOf<'idempotency_key_reused'>();
  });

  it('isApiError narrows to the subclass for a status', () => {
    const err: unknown = undefined;
    if (isApiError(err)) expectTypeOf(err).toEqualTypeOf<ApiError>();
    if (isApiError(err, 404)) expectTypeOf(err).toEqualTypeOf<NotFoundError>();
    if (isApiError(err, 429)) expectTypeOf(err).toEqualTypeOf<RateLimitedError>();
    if (isApiError(err, 418)) expectTypeOf(err.status).toEqualTypeOf<418>();
    const status: number = 500;
    if (isApiError(err, status)) expectTypeOf(err).toEqualTypeOf<ApiError>();
  });
});

describe('write options', () => {
  it('accepts a key, true or false, and an onResponse hook', () => {
    const params = { path: { eventId: 'x' } };
    writer.DELETE('/v1/events/{eventId}', { params, idempotencyKey: 'k' });
    writer.DELETE('/v1/events/{eventId}', { params, idempotencyKey: false });
    writer.DELETE('/v1/events/{eventId}', {
      params,
      onResponse: (res) => expectTypeOf(res).toEqualTypeOf<Response>(),
    });
    // @ts-expect-error a key is a string
    writer.DELETE('/v1/events/{eventId}', { params, idempotencyKey: 42 });
  });
});
