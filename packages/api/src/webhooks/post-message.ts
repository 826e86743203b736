import { lookup as dnsLookup } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { compileAllowList, guardedLookup, normaliseHost } from '../sync/fetch/address-guard.js';
import { agentFor } from '../sync/fetch/agent.js';
import { classifyError } from '../sync/fetch/errors.js';
import { parseRetryAfter } from '../sync/fetch/retry-after.js';
import { vetUrl } from '../sync/fetch/target-url.js';

/** How far a delivery may go: the same address rules and allow-list as feeds. */
export interface PostPolicy {
  allowList: string[];
  timeoutMs: number;
  /** Most of a response read before the socket is dropped. */
  maxResponseBytes: number;
  userAgent: string;
  /** The body's media type; JSON unless said otherwise (ActivityPub sends application/activity+json). */
  contentType?: string;
  /** TEST-ONLY DNS replacement, still checked against the address rules. */
  lookup?: LookupFunction;
}

export type PostResult =
  | { kind: 'answered'; status: number; body: string; retryAfterMs: number | undefined }
  | { kind: 'failed'; error: string };

const KEPT_BODY_BYTES = 1024;

/**
 * POSTs one signed message to an endpoint someone typed in: every address it
 * resolves to passes the SSRF guard, redirects are not followed (a 3xx is an
 * answer like any other), the whole exchange has a deadline and at most
 * `maxResponseBytes` of the answer are read, of which 1 KB is kept.
 */
export function postMessage(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  policy: PostPolicy,
): Promise<PostResult> {
  let url: URL;
  const allow = compileAllowList(policy.allowList);
  try {
    url = vetUrl(rawUrl, allow);
  } catch (error) {
    return Promise.resolve({ kind: 'failed', error: describe(error) });
  }
  return new Promise<PostResult>((resolve) => {
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    const host = normaliseHost(url.hostname);
    let settled = false;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = (protocol === 'https:' ? https : http).request({
      protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: {
        ...headers,
        'content-type': policy.contentType ?? 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': policy.userAgent,
      },
      agent: agentFor(protocol, host, allow),
      lookup: guardedLookup(allow, policy.lookup ?? (dnsLookup as unknown as LookupFunction)),
    });
    const timer = setTimeout(
      () => settle({ kind: 'failed', error: `no answer within ${policy.timeoutMs} ms` }),
      policy.timeoutMs,
    );
    request.on('error', (error) => settle({ kind: 'failed', error: describe(error) }));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const finish = () =>
        settle({
          kind: 'answered',
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, KEPT_BODY_BYTES).toString('utf8'),
          retryAfterMs: parseRetryAfter(headerOf(res.headers['retry-after'])) ?? undefined,
        });
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (chunks.reduce((n, c) => n + c.length, 0) < KEPT_BODY_BYTES) chunks.push(chunk);
        if (read >= policy.maxResponseBytes) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    request.end(body);
  });
}

function headerOf(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function describe(error: unknown): string {
  const failure = classifyError(error);
  return `${failure.reason}: ${failure.message}`.slice(0, 500);
}
