import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../test/helpers/fetch-servers.js';
import { checkAddress, compileAllowList } from './address-guard.js';
import { agentFor } from './agent.js';

const none = compileAllowList([]);

describe('checkAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:7f00:1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['64:ff9b::7f00:1', 'rfc6052'], // NAT64 of 127.0.0.1
    ['64:ff9b::a00:1', 'rfc6052'], // NAT64 of 10.0.0.1
    ['2002:7f00:1::', '6to4'],
    ['2001:db8::1', 'reserved'],
    ['::127.0.0.1', 'ipv4Mapped'], // how ipaddr.js reads the dotted IPv4-compatible form
    ['::7f00:1', 'ipv4Compatible'], // the same address as a URL host spells it
    ['::a00:1', 'ipv4Compatible'], // ::10.0.0.1
    ['::808:808', 'ipv4Compatible'], // even a public IPv4 inside: the form itself is deprecated
    ['::ffff:0:7f00:1', 'rfc6145'],
    ['2001::7f00:1', 'teredo'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['4000::1', 'nonGlobal'],
    ['::1:0:0:1', 'nonGlobal'],
  ])('refuses %s (%s) with an empty allow-list', (address, range) => {
    expect(checkAddress(address, address, none)).toContain(`${range} address`);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1'])(
    'allows public unicast %s',
    (address) => {
      expect(checkAddress(address, address, none)).toBeNull();
    },
  );

  it('refuses things that are not IP addresses at all', () => {
    expect(checkAddress('x', 'localhost', none)).toMatch(/not an IP/);
    expect(checkAddress('x', '0x7f.0.0.1', none)).toMatch(/not an IP/);
  });

  it('honours IPs, CIDRs and hostnames on the allow-list, and nothing else', () => {
    const allow = compileAllowList([
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
      'Calendar.Internal.',
      'not-a-cidr/99',
    ]);
    expect(checkAddress('127.0.0.1', '127.0.0.1', allow)).toBeNull();
    expect(checkAddress('::1', '::1', allow)).toBeNull();
    expect(checkAddress('x', '10.20.30.40', allow)).toBeNull();
    // An IPv4-mapped address is allowed only through its listed IPv4 form.
    expect(checkAddress('x', '::ffff:10.1.1.1', allow)).toBeNull();
    expect(checkAddress('x', '::ffff:192.168.0.1', allow)).toMatch(/ipv4Mapped/);
    // A listed hostname admits whatever it resolves to; other names do not.
    expect(checkAddress('calendar.internal', '192.168.0.5', allow)).toBeNull();
    expect(checkAddress('other.internal', '192.168.0.5', allow)).toMatch(/private/);
    // Neighbours of listed entries stay refused.
    expect(checkAddress('127.0.0.2', '127.0.0.2', allow)).toMatch(/loopback/);
    expect(checkAddress('x', '11.0.0.0', allow)).toBeNull(); // public anyway
    expect(checkAddress('x', '172.16.0.1', allow)).toMatch(/private/);
  });
});

describe('WHATWG URL parsing normalises every spelling of 127.0.0.1', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.0.0.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]'],
  ])('%s → %s, which the guard refuses', (url, host) => {
    const parsed = new URL(url);
    expect(parsed.hostname).toBe(host);
    expect(checkAddress(parsed.hostname, parsed.hostname, none)).not.toBeNull();
  });
});

describe('request-filtering-agent as the second line of defence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.end('secret'));
  });
  afterAll(() => server.close());

  function get(agent: ReturnType<typeof agentFor>): Promise<string> {
    return new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', agent }, (res) => {
        res.resume();
        resolve(`status ${res.statusCode}`);
      });
      req.on('error', (error) => resolve(error.message));
      req.end();
    });
  }

  it('refuses loopback on its own when nothing is allow-listed (our guard bypassed)', async () => {
    expect(await get(agentFor('http:', '127.0.0.1', none))).toMatch(/is not allowed/);
    expect(server.connections).toBe(0);
  });

  it('is relaxed only for a hop the allow-list covers', async () => {
    expect(await get(agentFor('http:', '127.0.0.1', compileAllowList(['127.0.0.1'])))).toBe(
      'status 200',
    );
    // A list that covers a different literal keeps the agent strict.
    expect(await get(agentFor('http:', '127.0.0.1', compileAllowList(['127.0.0.2'])))).toMatch(
      /is not allowed/,
    );
  });
});
