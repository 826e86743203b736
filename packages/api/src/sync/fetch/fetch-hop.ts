import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type AllowList, guardedLookup, normaliseHost } from './address-guard.js';
import { agentFor } from './agent.js';
import { headerValue, readBody } from './decode-body.js';
import { classifyError, FetchFailure } from './errors.js';

/** What one request/response exchange produced; redirects are the caller's job. */
export type HopResult =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'not-modified'; headers: IncomingHttpHeaders }
  | { kind: 'error-status'; status: number; statusText: string; headers: IncomingHttpHeaders }
  | { kind: 'ok'; status: number; headers: IncomingHttpHeaders; body: Buffer; sha256: string };

export interface HopOptions {
  headers: OutgoingHttpHeaders;
  allow: AllowList;
  lookup: LookupFunction;
  maxBytes: number;
  headerTimeoutMs: number;
  /** Aborted by the total deadline or the caller; its reason is a FetchFailure. */
  signal: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One GET, from connect to the last body byte. The header timer covers DNS,
 * connect, TLS and waiting for the status line; the shared signal covers the
 * whole fetch. Either destroys the request and response, closing the socket.
 * Settles exactly once; later stream errors are swallowed by design.
 */
export function fetchHop(url: URL, options: HopOptions): Promise<HopResult> {
  return new Promise<HopResult>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(classifyError(options.signal.reason));
      return;
    }
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const host = normaliseHost(url.hostname);
    let response: IncomingMessage | undefined;
    let settled = false;

    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headerTimer);
      options.signal.removeEventListener('abort', onAbort);
      settle();
    };
    const fail = (error: unknown): void =>
      finish(() => {
        request.destroy();
        response?.destroy();
        reject(classifyError(error));
      });
    const onAbort = (): void => fail(options.signal.reason);

    const request = (protocol === 'https:' ? https : http).request({
      protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: options.headers,
      agent: agentFor(protocol, host, options.allow),
      // Passed through the agent to net.connect, so it is the resolution the
      // socket actually uses (request-filtering-agent wraps it once more).
      lookup: guardedLookup(options.allow, options.lookup),
    });
    const headerTimer = setTimeout(
      () =>
        fail(
          new FetchFailure(
            'header-timeout',
            `no response headers from ${host} within ${options.headerTimeoutMs} ms`,
          ),
        ),
      options.headerTimeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });
    // Kept for the request's life: a late socket error must not go unhandled.
    request.on('error', fail);
    request.on('response', (res) => {
      response = res;
      clearTimeout(headerTimer);
      res.on('error', () => {}); // errors surface through readBody or fail()
      const status = res.statusCode ?? 0;
      const location = headerValue(res.headers.location);
      if (REDIRECTS.has(status) && location) {
        finish(() => {
          res.destroy();
          resolve({ kind: 'redirect', status, location });
        });
      } else if (status === 304) {
        finish(() => {
          res.destroy();
          resolve({ kind: 'not-modified', headers: res.headers });
        });
      } else if (status < 200 || status > 299) {
        // The body of an error page is not wanted; drop it with the socket.
        finish(() => {
          res.destroy();
          resolve({
            kind: 'error-status',
            status,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
          });
        });
      } else {
        const declared = Number(headerValue(res.headers['content-length']));
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          fail(
            new FetchFailure(
              'too-large',
              `Content-Length ${declared} exceeds ${options.maxBytes} bytes`,
            ),
          );
          return;
        }
        readBody(res, options.maxBytes).then(
          ({ bytes, sha256 }) =>
            finish(() =>
              resolve({ kind: 'ok', status, headers: res.headers, body: bytes, sha256 }),
            ),
          fail,
        );
      }
    });
    request.end();
  });
}
