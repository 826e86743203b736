import { createHash } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeLookup,
  startServer,
  type TestServer,
  testPolicy,
} from '../../../test/helpers/fetch-servers.js';
import { defaultFetchPolicy } from './policy.js';
import { safeFetch } from './safe-fetch.js';

const servers: TestServer[] = [];
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('defaultFetchPolicy', () => {
  it('has safe defaults and ignores undefined overrides', () => {
    const policy = defaultFetchPolicy({ maxBytes: undefined, allowList: ['10.0.0.0/8'] });
    expect(policy).toMatchObject({
      maxBytes: 10 * 1024 * 1024,
      headerTimeoutMs: 10_000,
      totalTimeoutMs: 30_000,
      maxRedirects: 3,
      allowList: ['10.0.0.0/8'],
    });
  });
});

describe('safeFetch: successful responses', () => {
  it('returns the body, validators and final URL, sending the policy headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Sun, 01 Jun 2025 12:00:00 GMT',
      });
      res.end('\uFEFFBEGIN:VCALENDAR\r\nX-NAME:Café\r\n');
    });
    const outcome = await safeFetch(
      `${server.origin}/feed.ics?x=1#frag`,
      {},
      testPolicy({ accept: 'text/calendar' }),
    );
    expect(outcome).toEqual({
      kind: 'ok',
      status: 200,
      // UTF-8 decoded, BOM left for the caller; the same as bytes for a caller that decodes them itself.
      body: '\uFEFFBEGIN:VCALENDAR\r\nX-NAME:Café\r\n',
      bytes: Buffer.from('\uFEFFBEGIN:VCALENDAR\r\nX-NAME:Café\r\n'),
      sha256: createHash('sha256')
        .update(Buffer.from('\uFEFFBEGIN:VCALENDAR\r\nX-NAME:Café\r\n'))
        .digest('hex'),
      contentType: 'text/calendar; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Sun, 01 Jun 2025 12:00:00 GMT',
      finalUrl: `${server.origin}/feed.ics?x=1#frag`,
    });
    const [seen] = server.requests;
    expect(seen?.url).toBe('/feed.ics?x=1');
    expect(seen?.headers).toMatchObject({
      'user-agent': 'otg-hub-test',
      accept: 'text/calendar',
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(seen?.headers['if-none-match']).toBeUndefined();
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes Content-Encoding: %s', async (encoding, compress) => {
    const text = 'BEGIN:VCALENDAR\r\n'.repeat(1000);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding });
      res.end(compress(Buffer.from(text)));
    });
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy());
    expect(outcome).toMatchObject({ kind: 'ok', body: text });
  });

  it.each([
    ['with its length declared', true],
    ['sent chunked', false],
  ])(
    'returns a body that arrives in many pieces, %s, whole and in order',
    async (_name, declared) => {
      // About 300 KB in uneven pieces: more than one read and more than the first buffer.
      const pieces = Array.from({ length: 700 }, (_, n) => `LINE-${n}:${'é'.repeat(n % 300)}\r\n`);
      const body = Buffer.from(pieces.join(''));
      const server = await serve(async (_req, res) => {
        res.writeHead(200, declared ? { 'content-length': String(body.length) } : {});
        for (let at = 0; at < body.length; at += 4093) {
          res.write(body.subarray(at, at + 4093));
          await new Promise((resolve) => setImmediate(resolve));
        }
        res.end();
      });
      const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy());
      expect(outcome.kind === 'ok' && Buffer.compare(outcome.bytes, body)).toBe(0);
      expect(outcome).toMatchObject({
        sha256: createHash('sha256').update(body).digest('hex'),
      });
    },
  );

  it('fails on a body shorter than its declared length, never returning part of it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write('BEGIN:VCALENDAR\r\n');
      setImmediate(() => res.socket?.destroy());
    });
    expect((await safeFetch(`${server.origin}/`, {}, testPolicy())).kind).toBe('failed');
  });

  it('undoes stacked encodings in reverse order', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip, br' });
      res.end(brotliCompressSync(gzipSync(Buffer.from('layered'))));
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      kind: 'ok',
      body: 'layered',
    });
  });

  it('treats an empty body with a Content-Encoding as empty, not corrupt', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end();
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      kind: 'ok',
      body: '',
    });
  });
});

describe('safeFetch: conditional GET', () => {
  it('sends stored validators and maps 304 to not-modified', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Sun, 01 Jun 2025 12:00:00 GMT' });
      res.end('calendar');
    });
    const first = await safeFetch(`${server.origin}/`, {}, testPolicy());
    expect(first).toMatchObject({ kind: 'ok', etag: '"v1"' });
    if (first.kind !== 'ok') throw new Error('unreachable');

    const second = await safeFetch(
      `${server.origin}/`,
      { etag: first.etag, lastModified: first.lastModified },
      testPolicy(),
    );
    expect(second).toEqual({
      kind: 'not-modified',
      status: 304,
      etag: '"v1"',
      // Omitted by this 304, so the one we sent is still the current one.
      lastModified: 'Sun, 01 Jun 2025 12:00:00 GMT',
    });
    expect(server.requests[1]?.headers).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Sun, 01 Jun 2025 12:00:00 GMT',
    });
  });

  it('drops a stored validator that is not a legal header value instead of throwing', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const outcome = await safeFetch(
      `${server.origin}/`,
      { etag: '"a"\r\nX-Evil: 1' },
      testPolicy(),
    );
    expect(outcome).toMatchObject({ kind: 'ok', body: 'ok' });
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[0]?.headers['x-evil']).toBeUndefined();
  });
});

describe('safeFetch: HTTP errors', () => {
  it('maps 500 to http-status without retryAfterMs', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end('<html>oops</html>');
    });
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy());
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'http-status', status: 500 });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('reads Retry-After seconds on 503', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': '7' });
      res.end();
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      kind: 'failed',
      reason: 'http-status',
      status: 503,
      retryAfterMs: 7000,
    });
  });

  it('reads a Retry-After HTTP-date on 429', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
      res.end();
    });
    const outcome = await safeFetch(`${server.origin}/`, {}, testPolicy());
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'http-status', status: 429 });
    // The date has one-second resolution and a little time passes in between.
    const retryAfterMs = outcome.kind === 'failed' ? outcome.retryAfterMs : undefined;
    expect(retryAfterMs).toBeGreaterThan(100_000);
    expect(retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('treats a 3xx without Location as an HTTP error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      reason: 'http-status',
      status: 302,
    });
  });
});

describe('safeFetch: redirects', () => {
  function redirector(hops: number): Parameters<typeof startServer>[0] {
    return (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
      if (n < hops) {
        // Relative Location: must resolve against the current URL.
        res.writeHead(n % 2 === 0 ? 302 : 308, { location: `next?n=${n + 1}` });
        res.end();
        return;
      }
      res.end(`arrived after ${n}`);
    };
  }

  it('follows up to maxRedirects, resolving relative Locations', async () => {
    const server = await serve(redirector(3));
    const outcome = await safeFetch(
      `${server.origin}/dir/start`,
      {},
      testPolicy({ maxRedirects: 3 }),
    );
    expect(outcome).toMatchObject({
      kind: 'ok',
      body: 'arrived after 3',
      finalUrl: `${server.origin}/dir/next?n=3`,
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/dir/start',
      '/dir/next?n=1',
      '/dir/next?n=2',
      '/dir/next?n=3',
    ]);
  });

  it('refuses one redirect more than maxRedirects', async () => {
    const server = await serve(redirector(4));
    const outcome = await safeFetch(`${server.origin}/start`, {}, testPolicy({ maxRedirects: 3 }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'too-many-redirects' });
    expect(server.requests).toHaveLength(4);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    expect(await safeFetch(`${server.origin}/`, {}, testPolicy())).toMatchObject({
      reason: 'forbidden-scheme',
    });
  });

  it('keeps URL credentials as Authorization on the same origin and drops them across origins', async () => {
    const other = await serve((_req, res) => res.end('elsewhere'));
    const server = await serve((req, res) => {
      if (req.url === '/start') {
        res.writeHead(301, { location: '/same-origin' });
      } else {
        res.writeHead(302, { location: `${other.origin}/cross-origin` });
      }
      res.end();
    });
    const url = `http://user:p%40ss@127.0.0.1:${server.port}/start`;
    const outcome = await safeFetch(url, {}, testPolicy());
    expect(outcome).toMatchObject({
      kind: 'ok',
      body: 'elsewhere',
      finalUrl: `${other.origin}/cross-origin`,
    });
    const basic = `Basic ${Buffer.from('user:p@ss').toString('base64')}`;
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([basic, basic]);
    // Different port = different origin: the credentials stay home.
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('never reports credentials in finalUrl', async () => {
    const server = await serve((_req, res) => res.end('x'));
    const outcome = await safeFetch(`http://u:secret@127.0.0.1:${server.port}/`, {}, testPolicy());
    expect(outcome).toMatchObject({ finalUrl: `${server.origin}/` });
  });
});

describe('safeFetch: network failures', () => {
  it('maps a closed port to connect', async () => {
    const server = await startServer((_req, res) => res.end());
    const { port } = server;
    await server.close();
    expect(await safeFetch(`http://127.0.0.1:${port}/`, {}, testPolicy())).toMatchObject({
      kind: 'failed',
      reason: 'connect',
    });
  });

  it('maps a name that does not resolve to dns', async () => {
    const lookup = fakeLookup({});
    const outcome = await safeFetch('http://nowhere.test/', {}, testPolicy({ lookup }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'dns' });
    expect(lookup.calls).toEqual(['nowhere.test']);
  });

  it('maps malformed URLs to invalid-url', async () => {
    for (const url of ['not a url', 'http://', 'http://exa mple.org/', '']) {
      expect(await safeFetch(url, {}, testPolicy())).toMatchObject({ reason: 'invalid-url' });
    }
  });
});
