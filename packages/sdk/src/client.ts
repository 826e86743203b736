import { retryAfterMs, toApiError } from './errors.js';
import type { paths as ApiPaths } from './generated/openapi.js';

/* ------------------------------------------------------------------ types -- */

/** Lower-case HTTP methods as keyed in openapi-typescript's `paths`. */
export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The keys of `P` (request paths) that support method `M`. */
export type PathsWithMethod<P, M extends HttpMethod> = {
  [K in keyof P]: P[K] extends Record<M, object> ? K : never;
}[keyof P] &
  string;

/** The operation object for `path` and `method`. */
export type Operation<P, Path extends keyof P, M extends HttpMethod> =
  P[Path] extends Record<M, infer O> ? O : never;

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;

/** The JSON body of an operation's 2xx response(s); `undefined` for responses without a body (204). */
export type SuccessBody<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends SuccessStatus
        ? R[S] extends { content: { 'application/json': infer J } }
          ? J
          : undefined
        : never;
    }[keyof R]
  : never;

/** `path`, `query` and `header` parameters of an operation. */
export type OperationParams<O> = O extends { parameters: infer Pa }
  ? Pick<Pa, Extract<keyof Pa, 'path' | 'query' | 'header'>>
  : { path?: never; query?: never; header?: never };

/** Keys of `T` that are not optional. */
type RequiredKeys<T> = {
  // biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is the standard optional-key test
  [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];

type BodyOption<O> = O extends { requestBody: infer B }
  ? { body: JsonOf<B> }
  : O extends { requestBody?: infer B }
    ? [JsonOf<NonNullable<B>>] extends [never]
      ? { body?: never }
      : { body?: JsonOf<NonNullable<B>> }
    : { body?: never };

type ParamsOption<O> = [RequiredKeys<OperationParams<O>>] extends [never]
  ? { params?: OperationParams<O> }
  : { params: OperationParams<O> };

/** Everything the second argument of `GET`/`POST`/… accepts for operation `O`. */
export type RequestInitFor<O> = RequestOptions & ParamsOption<O> & BodyOption<O>;

/** The init argument is optional when the operation needs no path parameters or body. */
export type InitArgs<O> = [RequiredKeys<RequestInitFor<O>>] extends [never]
  ? [init?: RequestInitFor<O>]
  : [init: RequestInitFor<O>];

/** GET paths whose 200 body is a cursor page: `{ data: T[]; nextCursor: string | null }`. */
export type PaginatedPaths<P> = {
  [K in PathsWithMethod<P, 'get'>]: SuccessBody<Operation<P, K, 'get'>> extends {
    data: readonly unknown[];
    nextCursor: string | null | undefined;
  }
    ? K
    : never;
}[PathsWithMethod<P, 'get'>];

/** The element type of a page's `data` array. */
export type PageItem<T> = T extends { data: readonly (infer I)[] } ? I : never;

/** A `fetch`-compatible function. `globalThis.fetch` satisfies it. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Options for {@link createClient}. */
export interface ClientOptions {
  /** API origin, e.g. `https://hub.oneteamgov.org`. A trailing slash is ignored. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Only needed for organiser (write) endpoints. */
  apiKey?: string;
  /** Custom `fetch`. Defaults to the global `fetch`, looked up at request time. */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds (default `30000`; `0` disables). */
  timeoutMs?: number;
  /** Automatic retries after the first attempt (default `2`). */
  maxRetries?: number;
  /** Headers sent with every request. */
  headers?: HeadersInit;
  /**
   * Called with every HTTP response, retried attempts and errors included, before the
   * call resolves or rejects. The body has already been read; use it for headers such
   * as `RateLimit-*` (see `parseRateLimit`) or `Idempotent-Replayed`. If it throws, the
   * call rejects with that error.
   */
  onResponse?: (response: Response) => void;
}

/** Per-request options, accepted next to `params` and `body`. */
export interface RequestOptions {
  /** Aborting rejects at once with the signal's reason (an `AbortError`); no retry follows. */
  signal?: AbortSignal;
  /** Overrides {@link ClientOptions.timeoutMs} for this request. */
  timeoutMs?: number;
  /** Overrides {@link ClientOptions.maxRetries} for this request. */
  maxRetries?: number;
  /** Extra headers; they win over client-level headers. */
  headers?: HeadersInit;
  /**
   * `Idempotency-Key` for a write. By default a write that may be retried (`maxRetries`
   * above 0) gets a generated key (`crypto.randomUUID()` when available), and every retry
   * reuses it, so the server applies the write once. Pass a string to use your own key
   * (e.g. to dedupe across process restarts), `true` to always send a generated key, or
   * `false` to send none: POST and PATCH are then never retried.
   */
  idempotencyKey?: string | boolean;
  /** Called with this call's responses, after {@link ClientOptions.onResponse}. */
  onResponse?: (response: Response) => void;
}

/**
 * A typed client for the paths `P` (by default the One Team Gov Hub API).
 * Each method resolves with the parsed 2xx body and rejects with an `ApiError` otherwise.
 */
export interface Client<P = ApiPaths> {
  /**
   * @example
   * ```ts
   * const event = await client.GET('/v1/events/{eventId}', { params: { path: { eventId } } });
   * ```
   */
  GET<Path extends PathsWithMethod<P, 'get'>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'get'>>
  ): Promise<SuccessBody<Operation<P, Path, 'get'>>>;
  /**
   * Writes need a client created with an `apiKey`. Retried writes carry one
   * `Idempotency-Key`, so they are applied once.
   *
   * @example
   * ```ts
   * await client.POST('/v1/chapters/{chapterId}/events', {
   *   params: { path: { chapterId: 'wales' } },
   *   body: { title: { en: 'Meetup' }, startsAt, endsAt, timeZone: 'Europe/London' },
   * });
   * ```
   */
  POST<Path extends PathsWithMethod<P, 'post'>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'post'>>
  ): Promise<SuccessBody<Operation<P, Path, 'post'>>>;
  PUT<Path extends PathsWithMethod<P, 'put'>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'put'>>
  ): Promise<SuccessBody<Operation<P, Path, 'put'>>>;
  PATCH<Path extends PathsWithMethod<P, 'patch'>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'patch'>>
  ): Promise<SuccessBody<Operation<P, Path, 'patch'>>>;
  DELETE<Path extends PathsWithMethod<P, 'delete'>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'delete'>>
  ): Promise<SuccessBody<Operation<P, Path, 'delete'>>>;
  /**
   * Iterates every item of every page, following `nextCursor` until it is `null`.
   *
   * @example
   * ```ts
   * for await (const event of client.paginate('/v1/events', { params: { query: { chapter: ['wales'] } } })) {
   *   console.log(event.title.en);
   * }
   * ```
   */
  paginate<Path extends PaginatedPaths<P>>(
    path: Path,
    ...init: InitArgs<Operation<P, Path, 'get'>>
  ): AsyncIterableIterator<PageItem<SuccessBody<Operation<P, Path, 'get'>>>>;
}

/* ---------------------------------------------------------------- runtime -- */

type Dict = Record<string, unknown>;
type AnyInit = RequestOptions & {
  params?: { path?: Dict; query?: Dict; header?: Dict };
  body?: unknown;
};

const MAX_DELAY = 60_000;

/** Calls `fn` for each defined value of `obj`, flattening arrays (repeated keys). */
const each = (obj: Dict | undefined, fn: (key: string, value: string) => void) => {
  for (const key in obj) for (const v of [obj[key]].flat()) if (v != null) fn(key, String(v));
};

const uuid = (): string =>
  globalThis.crypto?.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ ((Math.random() * 16) >> (+c / 4))).toString(16),
  );

/** Resolves after `ms`, or early when `signal` aborts (the caller then re-checks it). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** `Retry-After` (delta-seconds or HTTP-date) if present, else exponential backoff with jitter. */
const retryDelay = (attempt: number, retryAfter: string | null | undefined) => {
  const ms = retryAfterMs(retryAfter);
  return Math.min(
    MAX_DELAY,
    Number.isNaN(ms)
      ? Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)
      : Math.max(0, ms),
  );
};

const parse = (res: Response, text: string): unknown =>
  text ? (/json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text) : undefined;

/**
 * Creates a typed client. Every method resolves with the parsed body of a 2xx
 * response (`undefined` for 204) and throws an `ApiError` (or its subclass for the
 * status, e.g. `NotFoundError`) for any other status. Calls are retried on 429, 503 and
 * network errors (honouring `Retry-After`), and a write's 409 while its idempotency key
 * is in flight; writes carry an `Idempotency-Key` generated once for all attempts.
 *
 * @example
 * ```ts
 * import { createClient } from '@oneteamgov/sdk';
 *
 * const client = createClient({ baseUrl: 'https://hub.oneteamgov.org' });
 * const { data, nextCursor } = await client.GET('/v1/events', {
 *   params: { query: { chapter: ['wales', 'north'], limit: 50 } },
 * });
 * ```
 */
export function createClient<P extends object = ApiPaths>(options: ClientOptions): Client<P> {
  const base = options.baseUrl.replace(/\/+$/, '');

  const request = async (method: string, path: string, init: AnyInit = {}): Promise<unknown> => {
    const { params = {}, signal, body } = init;
    const timeout = init.timeoutMs ?? options.timeoutMs ?? 30_000;

    let url =
      base +
      path.replace(/{([^}]+)}/g, (_, name: string) => {
        const value = params.path?.[name];
        if (value == null) throw new TypeError(`Missing path parameter "${name}"`);
        return encodeURIComponent(String(value));
      });
    const query = new URLSearchParams();
    each(params.query, (k, v) => query.append(k, v));
    if (`${query}`) url += `?${query}`;

    const headers = new Headers({ accept: 'application/json, application/problem+json' });
    const merge = (h?: HeadersInit) =>
      new Headers(h).forEach((v, k) => {
        headers.set(k, v);
      });
    merge(options.headers);
    if (options.apiKey) headers.set('authorization', `Bearer ${options.apiKey}`);
    each(params.header, (k, v) => headers.set(k, v));
    merge(init.headers);
    let retries = init.maxRetries ?? options.maxRetries ?? 2;
    const key = init.idempotencyKey;
    if (typeof key === 'string') headers.set('idempotency-key', key);
    else if (
      key !== false &&
      !headers.has('idempotency-key') &&
      (key || (method !== 'GET' && retries > 0))
    ) {
      headers.set('idempotency-key', uuid());
    }
    const keyed = headers.has('idempotency-key');
    // Without a key a retried POST or PATCH could be applied twice.
    if (!keyed && /^P(OST|ATCH)$/.test(method)) retries = 0;
    if (body !== undefined && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort);
      let timedOut = false;
      const timer =
        timeout > 0 && timeout < 2 ** 31
          ? setTimeout(() => {
              timedOut = true;
              controller.abort();
            }, timeout)
          : undefined;
      let res: Response | undefined;
      let text = '';
      let error: unknown;
      try {
        const req: RequestInit = { method, headers, body: payload, signal: controller.signal };
        const custom = options.fetch;
        // The global is looked up per call (polyfills work) and called unbound (no Illegal invocation).
        res = await (custom ? custom(url, req) : fetch(url, req));
        text = await res.text();
      } catch (e) {
        error = timedOut ? new DOMException(`Timed out after ${timeout} ms`, 'TimeoutError') : e;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (signal?.aborted) throw signal.reason;

      if (res && !error) {
        options.onResponse?.(res);
        init.onResponse?.(res);
        if (res.ok) return parse(res, text);
      }
      const status = res?.status;
      const retryAfter = res?.headers.get('retry-after');
      if (
        attempt < retries &&
        (error ||
          status === 429 ||
          status === 503 ||
          // The first request with this key is still running: wait, then get its outcome.
          (status === 409 && keyed && retryAfter != null))
      ) {
        await sleep(retryDelay(attempt, retryAfter), signal);
        continue;
      }
      if (error || !res) throw error;
      let problem: unknown;
      try {
        problem = parse(res, text);
      } catch {}
      throw toApiError(res.status, res.headers, problem);
    }
  };

  async function* paginate(path: string, init: AnyInit = {}) {
    let cursor = init.params?.query?.cursor;
    do {
      const page = (await request('GET', path, {
        ...init,
        params: { ...init.params, query: { ...init.params?.query, cursor } },
      })) as { data: unknown[]; nextCursor?: string | null };
      yield* page.data;
      cursor = page.nextCursor;
    } while (cursor);
  }

  const client: Dict = { paginate };
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    client[method] = (path: string, init?: AnyInit) => request(method, path, init);
  }
  return client as unknown as Client<P>;
}
