import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeLookup,
  startServer,
  type TestServer,
  testPolicy,
  until,
} from '../../../test/helpers/fetch-servers.js';
import { safeFetch } from './safe-fetch.js';

const MiB = 1024 * 1024;
const servers: TestServer[] = [];
const cleanups: (() => void)[] = [];
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Writes a byte every few ms until the client goes away. */
function trickle(res: ServerResponse): void {
  const timer = setInterval(() => res.write('x'), 10);
  res.on('close', () => clearInterval(timer));
  cleanups.push(() => clearInterval(timer));
}

describe('size limits', () => {
  it('refuses a declared Content-Length over maxBytes before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(2 * MiB) });
      res.write('BEGIN:VCALENDAR'); // and then nothing: we must not wait for the rest
    });
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy({ maxBytes: MiB }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'too-large' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/Content-Length/);
    expect(await until(() => server.inFlight === 0)).toBe(true); // socket closed
  });

  it('stops reading an undeclared (chunked) body once it passes maxBytes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      trickle(res);
      res.write(Buffer.alloc(64 * 1024, 'a'));
    });
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy({ maxBytes: 16 * 1024 }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'too-large' });
    expect(await until(() => server.inFlight === 0)).toBe(true);
  });

  it('stops a gzip bomb at maxBytes of decompressed output without inflating it', async () => {
    // 256 concatenated gzip members of 1 MiB of zeros: ~260 KB on the wire,
    // 256 MiB if fully inflated. Node's gunzip reads multi-member streams.
    const member = gzipSync(Buffer.alloc(MiB));
    const bomb = Buffer.concat(Array.from({ length: 256 }, () => member));
    expect(bomb.length).toBeLessThan(MiB);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });

    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = used();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, used());
    }, 2);
    cleanups.push(() => clearInterval(sampler));
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy({ maxBytes: MiB }));
    peak = Math.max(peak, used());
    clearInterval(sampler);

    expect(outcome).toMatchObject({ kind: 'failed', reason: 'too-large' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/decompressed/);
    // Inflating the bomb would need 256 MiB (twice over for the string); the
    // capped read holds about 1 MiB plus zlib's working buffers.
    expect(peak - baseline).toBeLessThan(64 * MiB);
  });
});

function halfOf(buffer: Buffer): Buffer {
  return buffer.subarray(0, Math.floor(buffer.length / 2));
}

describe('decompression failures', () => {
  it.each([
    ['corrupt gzip', 'gzip', Buffer.from('this is not gzip at all')],
    [
      'truncated gzip',
      'gzip',
      // Cut before the end: a partial feed must not pass as a complete one.
      halfOf(
        gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => `UID:${i}\r\n`).join(''))),
      ),
    ],
    ['unsupported coding', 'compress', Buffer.from('whatever')],
  ])('%s → decompression', async (_name, encoding, body) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding });
      res.end(body);
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      kind: 'failed',
      reason: 'decompression',
    });
  });
});

describe('timeouts', () => {
  it('gives up on a server that never sends headers (header-timeout) and closes the socket', async () => {
    const server = await serve(() => {
      // accept the request, never answer
    });
    const outcome = await safeFetch(
      `${server.origin}/`,
      {},
      testPolicy({ headerTimeoutMs: 200, totalTimeoutMs: 5_000 }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'header-timeout' });
    expect(server.requests).toHaveLength(1);
    expect(await until(() => server.inFlight === 0)).toBe(true);
  });

  it('gives up on a body that trickles forever (deadline) and closes the socket', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      trickle(res);
    });
    const outcome = await safeFetch(
      `${server.origin}/`,
      {},
      // Only the deadline can end it: on a busy machine the headers may take longer than a
      // tight header timeout, which would make this a test of that timeout instead.
      testPolicy({ headerTimeoutMs: 60_000, totalTimeoutMs: 300 }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'deadline' });
    expect(await until(() => server.inFlight === 0)).toBe(true);
  });

  it('counts redirects against the deadline, although each hop is quick enough', async () => {
    const server = await serve((req, res) => {
      setTimeout(() => {
        res.writeHead(302, { location: `${req.url}x` });
        res.end();
      }, 50);
    });
    const outcome = await safeFetch(
      `${server.origin}/`,
      {},
      testPolicy({ headerTimeoutMs: 2_000, totalTimeoutMs: 300, maxRedirects: 1_000 }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'deadline' });
    expect(server.requests.length).toBeGreaterThan(1);
  });
});

describe('caller cancellation', () => {
  it('returns aborted without a request when the signal is already aborted', async () => {
    const server = await serve((_req, res) => res.end('x'));
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy(), AbortSignal.abort());
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'aborted' });
    expect(server.connections).toBe(0);
  });

  it('aborts while waiting for headers', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = safeFetch(`${server.origin}/`, {}, testPolicy(), controller.signal);
    expect(await until(() => server.requests.length === 1)).toBe(true);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'failed', reason: 'aborted' });
    expect(await until(() => server.inFlight === 0)).toBe(true);
  });

  it('aborts while reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      trickle(res);
    });
    const controller = new AbortController();
    const pending = safeFetch(`${server.origin}/`, {}, testPolicy(), controller.signal);
    expect(await until(() => server.requests.length === 1)).toBe(true);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'failed', reason: 'aborted' });
    expect(await until(() => server.inFlight === 0)).toBe(true);
  });
});

describe('one request at a time per host', () => {
  it('serialises concurrent fetches to the same host', async () => {
    const server = await serve((req, res) => {
      // Hold each response briefly so an overlap would be seen if it happened.
      setTimeout(() => res.end(req.url), 30);
    });
    const outcomes = await Promise.all(
      ['/a', '/b', '/c'].map((path) => safeFetch(`${server.origin}${path}`, {}, testPolicy())),
    );
    expect(outcomes.map((o) => o.kind === 'ok' && o.body)).toEqual(['/a', '/b', '/c']);
    expect(server.maxConcurrent).toBe(1);
    // FIFO: requests reached the server in the order they were made.
    expect(server.requests.map((r) => r.url)).toEqual(['/a', '/b', '/c']);
  });

  it('runs fetches to different hosts in parallel', async () => {
    const held: ServerResponse[] = [];
    const server = await serve((_req, res) => {
      held.push(res);
      // Answer once both are in flight; the fallback only keeps a broken
      // implementation from hanging the test (bounded wait).
      if (held.length === 2) for (const r of held) r.end('both');
    });
    const fallback = setTimeout(() => {
      for (const r of held) r.end('alone');
    }, 2_000);
    cleanups.push(() => clearTimeout(fallback));
    const lookup = fakeLookup({ 'a.test': '127.0.0.1', 'b.test': '127.0.0.1' });
    const policy = testPolicy({ lookup, allowList: ['a.test', 'b.test'] });
    const outcomes = await Promise.all([
      safeFetch(`http://a.test:${server.port}/`, {}, policy),
      safeFetch(`http://b.test:${server.port}/`, {}, policy),
    ]);
    expect(outcomes.map((o) => o.kind === 'ok' && o.body)).toEqual(['both', 'both']);
    expect(server.maxConcurrent).toBe(2);
  });

  it('lets a queued fetch be cancelled without wedging the queue', async () => {
    let release: (() => void) | undefined;
    const server = await serve((_req, res) => {
      release = () => res.end('first');
    });
    const first = safeFetch(`${server.origin}/first`, {}, testPolicy());
    expect(await until(() => server.requests.length === 1)).toBe(true);

    const controller = new AbortController();
    const queued = safeFetch(`${server.origin}/queued`, {}, testPolicy(), controller.signal);
    controller.abort();
    expect(await queued).toMatchObject({ kind: 'failed', reason: 'aborted' });

    release?.();
    expect(await first).toMatchObject({ kind: 'ok', body: 'first' });
    expect(server.requests.map((r) => r.url)).toEqual(['/first']);
    // The cancelled entry left the queue usable.
    server.requests.length = 0;
    const after = safeFetch(`${server.origin}/after`, {}, testPolicy());
    expect(await until(() => server.requests.length === 1)).toBe(true);
    release?.();
    expect(await after).toMatchObject({ kind: 'ok' });
  });
});
