import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeLookup,
  startServer,
  type TestServer,
  testPolicy,
} from '../../../test/helpers/fetch-servers.js';
import { safeFetch } from './safe-fetch.js';

// A live loopback server that WOULD answer: every refusal below must happen
// without a single TCP connection reaching it.
let server: TestServer;
let port: number;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/to-loopback-literal') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
    } else if (req.url === '/to-mapped') {
      res.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${port}/secret` });
    } else if (req.url === '/to-internal-name') {
      res.writeHead(301, { location: `http://internal.test:${port}/secret` });
    } else if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    } else if (req.url === '/to-ftp') {
      res.writeHead(302, { location: `ftp://127.0.0.1:${port}/` });
    } else {
      res.writeHead(200);
      res.end('internal secret');
      return;
    }
    res.end();
  });
  port = server.port;
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.connections = 0;
});

const strict = () => testPolicy({ allowList: [] });

describe('SSRF: loopback in every spelling is refused with an empty allow-list', () => {
  it.each([
    'http://127.0.0.1:PORT/',
    'http://localhost:PORT/', // real DNS (/etc/hosts): checked on the resolved address
    'http://LOCALHOST.:PORT/',
    'http://2130706433:PORT/',
    'http://0177.0.0.1:PORT/',
    'http://0x7f.0.0.1:PORT/',
    'http://127.1:PORT/',
    'http://[::1]:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
    'http://[::127.0.0.1]:PORT/', // IPv4-compatible IPv6; the URL parser makes it [::7f00:1]
    'http://[::ffff:0:127.0.0.1]:PORT/',
    'http://0.0.0.0:PORT/',
    'http://0:PORT/',
    'https://127.0.0.1:PORT/',
  ])('%s → forbidden-address, no connection', async (template) => {
    const outcome = await safeFetch(template.replace('PORT', String(port)), {}, strict());
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('the same server is reachable once the operator allow-lists it (control)', async () => {
    const outcome = await safeFetch(`http://127.0.0.1:${port}/`, {}, testPolicy());
    expect(outcome).toMatchObject({ kind: 'ok', body: 'internal secret' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('SSRF: private, link-local, CGNAT and other non-public targets', () => {
  it.each([
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[64:ff9b::7f00:1]/', // NAT64 of 127.0.0.1
  ])('%s → forbidden-address before any connection attempt', async (url) => {
    // The fake resolver proves no DNS was needed, and nothing was dialled:
    // the literal is refused while vetting the URL.
    const lookup = fakeLookup({});
    const outcome = await safeFetch(url, {}, testPolicy({ allowList: [], lookup }));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(lookup.calls).toEqual([]);
  });

  it.each([
    ['10.0.0.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['192.168.1.1'],
    ['::ffff:127.0.0.1'],
    ['::7f00:1'],
    ['64:ff9b::a00:1'],
    ['fd00::1'],
    ['0.0.0.0'],
  ])('a hostname resolving to %s is refused at connect time', async (address) => {
    const lookup = fakeLookup({ 'feed.example': address });
    const outcome = await safeFetch(
      `http://feed.example:${port}/`,
      {},
      testPolicy({ allowList: [], lookup }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(lookup.calls).toEqual(['feed.example']);
    expect(server.connections).toBe(0);
  });

  it('a hostname with one public and one private answer is refused', async () => {
    const lookup = fakeLookup({ 'mixed.example': ['93.184.216.34', '127.0.0.1'] });
    const outcome = await safeFetch(
      `http://mixed.example:${port}/`,
      {},
      testPolicy({ allowList: [], lookup }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(server.connections).toBe(0);
  });
});

describe('SSRF: DNS rebinding', () => {
  it('checks the address the socket connects to, not an earlier answer', async () => {
    // First answer public (what an earlier validation would have seen), every
    // later answer 127.0.0.1 — a TTL-0 rebinding record.
    const lookup = fakeLookup({
      'rebind.example': (call) => (call === 1 ? '93.184.216.34' : '127.0.0.1'),
    });
    const earlier = await new Promise<string>((resolve) =>
      lookup('rebind.example', { family: 0 }, (_err, address) => resolve(String(address))),
    );
    expect(earlier).toBe('93.184.216.34');

    const outcome = await safeFetch(
      `http://rebind.example:${port}/`,
      {},
      testPolicy({ allowList: [], lookup }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('127.0.0.1');
    // safeFetch resolved exactly once — at connect time — so there is no
    // separate "check" resolution whose answer could differ from the one used.
    expect(lookup.calls).toEqual(['rebind.example', 'rebind.example']);
    expect(server.connections).toBe(0);
  });
});

describe('SSRF: redirects are re-checked on every hop', () => {
  // Only the name "allowed.test" is allow-listed; it resolves to the loopback
  // server. The server then redirects to loopback under other names.
  const policy = () =>
    testPolicy({
      allowList: ['allowed.test'],
      lookup: fakeLookup({ 'allowed.test': '127.0.0.1', 'internal.test': '127.0.0.1' }),
    });

  it.each([
    ['/to-loopback-literal', 'forbidden-address'],
    ['/to-mapped', 'forbidden-address'],
    ['/to-internal-name', 'forbidden-address'],
    ['/to-metadata', 'forbidden-address'],
    ['/to-ftp', 'forbidden-scheme'],
  ])('allowed host redirecting via %s → %s', async (path, reason) => {
    const outcome = await safeFetch(`http://allowed.test:${port}${path}`, {}, policy());
    expect(outcome).toMatchObject({ kind: 'failed', reason });
    // The first hop was served; the forbidden second hop never arrived.
    expect(server.requests.map((r) => r.url)).toEqual([path]);
  });

  it('the allowed name itself works (control)', async () => {
    const outcome = await safeFetch(`http://allowed.test:${port}/`, {}, policy());
    expect(outcome).toMatchObject({ kind: 'ok', body: 'internal secret' });
  });
});

describe('SSRF: allow-list entries are exact', () => {
  it('an allow-listed IP does not admit a neighbour', async () => {
    const outcome = await safeFetch(
      `http://127.0.0.1:${port}/`,
      {},
      testPolicy({ allowList: ['127.0.0.2', '10.0.0.0/8', 'other.test'] }),
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'forbidden-address' });
    expect(server.connections).toBe(0);
  });

  it('a CIDR admits a name that resolves inside it', async () => {
    const lookup = fakeLookup({ 'cal.internal': '127.0.0.1' });
    const outcome = await safeFetch(
      `http://cal.internal:${port}/`,
      {},
      testPolicy({ allowList: ['127.0.0.0/8'], lookup }),
    );
    expect(outcome).toMatchObject({ kind: 'ok' });
  });
});

describe('SSRF: schemes', () => {
  it.each([
    'file:///etc/passwd',
    'ftp://127.0.0.1/',
    'data:text/plain,hello',
    'gopher://127.0.0.1:70/_',
    'javascript:alert(1)',
    'ws://127.0.0.1/',
  ])('%s → forbidden-scheme', async (url) => {
    expect(await safeFetch(url, {}, testPolicy())).toMatchObject({
      kind: 'failed',
      reason: 'forbidden-scheme',
    });
  });
});
