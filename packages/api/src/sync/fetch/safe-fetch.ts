import { lookup as dnsLookup } from 'node:dns';
import { type OutgoingHttpHeaders, validateHeaderValue } from 'node:http';
import type { LookupFunction } from 'node:net';
import { compileAllowList, normaliseHost } from './address-guard.js';
import { headerValue } from './decode-body.js';
import { classifyError, FetchFailure } from './errors.js';
import { fetchHop, type HopResult } from './fetch-hop.js';
import { HostQueue } from './host-queue.js';
import { parseRetryAfter } from './retry-after.js';
import { splitCredentials, vetUrl } from './target-url.js';
import type { FetchOutcome, FetchPolicy, Validators } from './types.js';

/** One request at a time per remote hostname, across the whole process. */
const hostQueue = new HostQueue();

/**
 * GETs an untrusted URL under `policy` (DESIGN.md sync safety rule 8).
 * Never throws for network or HTTP problems: every one is a 'failed' outcome
 * with a reason, so a failed fetch can change nothing downstream.
 */
export async function safeFetch(
  url: string,
  validators: Validators,
  policy: FetchPolicy,
  signal?: AbortSignal,
): Promise<FetchOutcome> {
  if (signal?.aborted) return new FetchFailure('aborted', 'cancelled before start').toOutcome();
  const control = new AbortController();
  const onCallerAbort = (): void =>
    control.abort(new FetchFailure('aborted', 'the caller cancelled the fetch'));
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  let deadline: NodeJS.Timeout | undefined;
  // The clock starts when the first request gets its host slot: time spent
  // queued behind other fetches of the same host is not this fetch's fault.
  const startDeadline = (): void => {
    deadline ??= setTimeout(
      () =>
        control.abort(
          new FetchFailure('deadline', `fetch took longer than ${policy.totalTimeoutMs} ms`),
        ),
      policy.totalTimeoutMs,
    );
  };
  try {
    return await follow(url, validators, policy, control.signal, startDeadline);
  } catch (error) {
    return classifyError(error).toOutcome();
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function follow(
  rawUrl: string,
  validators: Validators,
  policy: FetchPolicy,
  signal: AbortSignal,
  startDeadline: () => void,
): Promise<FetchOutcome> {
  const allow = compileAllowList(policy.allowList);
  const lookup = policy.lookup ?? (dnsLookup as unknown as LookupFunction);
  let { url, authorization } = splitCredentials(vetUrl(rawUrl, allow));

  for (let redirects = 0; ; redirects++) {
    const headers = requestHeaders(policy, validators, authorization);
    const hop = await inHostSlot(normaliseHost(url.hostname), signal, () => {
      startDeadline();
      return fetchHop(url, {
        headers,
        allow,
        lookup,
        maxBytes: policy.maxBytes,
        headerTimeoutMs: policy.headerTimeoutMs,
        signal,
      });
    });
    if (hop.kind !== 'redirect') return toOutcome(hop, url, validators);

    if (redirects >= policy.maxRedirects) {
      throw new FetchFailure(
        'too-many-redirects',
        `more than ${policy.maxRedirects} redirects (last to ${hop.location.slice(0, 200)})`,
      );
    }
    // Relative Locations resolve against the current URL; the scheme and any
    // IP literal are re-vetted, and a hostname is re-checked when it connects.
    const next = splitCredentials(vetUrl(hop.location, allow, url)).url;
    if (next.origin !== url.origin) authorization = undefined;
    url = next;
  }
}

/**
 * Runs `task` in the host's FIFO slot, but lets an abort (caller or deadline)
 * give up while still waiting. The abandoned task then starts, sees the
 * aborted signal and returns at once, so the queue keeps moving.
 */
function inHostSlot<T>(host: string, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    hostQueue
      .run(host, () => (signal.aborted ? Promise.reject(signal.reason) : task()))
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function requestHeaders(
  policy: FetchPolicy,
  validators: Validators,
  authorization: string | undefined,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': policy.userAgent,
    accept: policy.accept ?? '*/*',
    'accept-encoding': 'gzip, deflate, br',
  };
  // Validators were stored from an earlier response; one that is no longer a
  // legal header value is dropped (we fetch unconditionally) instead of
  // making http.request throw.
  setIfValid(headers, 'if-none-match', validators.etag);
  setIfValid(headers, 'if-modified-since', validators.lastModified);
  if (authorization) headers.authorization = authorization;
  return headers;
}

function setIfValid(headers: OutgoingHttpHeaders, name: string, value: string | null | undefined) {
  if (!value) return;
  try {
    validateHeaderValue(name, value);
    headers[name] = value;
  } catch {
    // invalid stored validator: ignore it
  }
}

function toOutcome(
  hop: Exclude<HopResult, { kind: 'redirect' }>,
  url: URL,
  validators: Validators,
): FetchOutcome {
  switch (hop.kind) {
    case 'ok': {
      const bytes = hop.body;
      return {
        kind: 'ok',
        status: hop.status,
        get body() {
          return bytes.toString('utf8');
        },
        bytes,
        sha256: hop.sha256,
        contentType: headerValue(hop.headers['content-type']) ?? null,
        etag: headerValue(hop.headers.etag) ?? null,
        lastModified: headerValue(hop.headers['last-modified']) ?? null,
        finalUrl: url.href,
      };
    }
    case 'not-modified':
      // A 304 may omit the validators; the ones we sent are then still current.
      return {
        kind: 'not-modified',
        status: 304,
        etag: headerValue(hop.headers.etag) ?? validators.etag ?? null,
        lastModified: headerValue(hop.headers['last-modified']) ?? validators.lastModified ?? null,
      };
    case 'error-status': {
      const retryAfterMs = parseRetryAfter(headerValue(hop.headers['retry-after']) ?? null);
      const text = hop.statusText.replace(/[^\x20-\x7e]/g, '').slice(0, 100);
      throw new FetchFailure(
        'http-status',
        `HTTP ${hop.status}${text ? ` ${text}` : ''} from ${url.host}`,
        hop.status,
        retryAfterMs,
      );
    }
  }
}
