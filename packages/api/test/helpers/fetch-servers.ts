// Helpers for the feed-fetching tests: real node:http servers and a fake resolver.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { defaultFetchPolicy } from '../../src/sync/fetch/policy.js';
import type { FetchPolicy } from '../../src/sync/fetch/types.js';

export interface RecordedRequest {
  url: string;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections ever accepted, to prove a refused fetch never connected. */
  connections: number;
  /** Highest number of requests in flight at once. */
  maxConcurrent: number;
  inFlight: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: TestServer) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const server = createServer();
  const state: TestServer = {
    origin: '',
    port: 0,
    requests: [],
    connections: 0,
    maxConcurrent: 0,
    inFlight: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections++;
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    state.requests.push({ url: req.url ?? '', headers: req.headers });
    state.inFlight++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) state.inFlight--;
      counted = false;
    };
    res.on('finish', done);
    res.on('close', done);
    handler(req, res, state);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/**
 * A resolver that answers from a table (name → one or more addresses, or a
 * function of the call number for rebinding) and records every call.
 */
export function fakeLookup(
  table: Record<string, string | string[] | ((call: number) => string)>,
): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = ((hostname, options, callback) => {
    calls.push(hostname);
    const entry = table[hostname];
    const answer =
      typeof entry === 'function' ? entry(calls.filter((h) => h === hostname).length) : entry;
    setImmediate(() => {
      if (answer === undefined) {
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname,
        });
        callback(error, '', undefined);
        return;
      }
      const list = (Array.isArray(answer) ? answer : [answer]).map((address) => ({
        address,
        family: address.includes(':') ? 6 : 4,
      }));
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  }) as LookupFunction & { calls: string[] };
  lookup.calls = calls;
  return lookup;
}

/** Small limits so failure tests finish fast; loopback allowed unless overridden. */
export function testPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return defaultFetchPolicy({
    userAgent: 'otg-hub-test',
    headerTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    allowList: ['127.0.0.1'],
    ...overrides,
  });
}

/** Resolves once `predicate` holds, polling; gives up after `ms` (bounded wait). */
export async function until(predicate: () => boolean, ms = 2_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
