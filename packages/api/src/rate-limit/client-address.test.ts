import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../lib/context.js';
import { clientAddressFrom } from './client-address.js';

/**
 * A real listener, because what matters is the socket the request came in on:
 * the test process connects from 127.0.0.1, and each route reads the address
 * with a different trust setting.
 */
const app = new Hono<AppEnv>();
const settings: Record<string, ReturnType<typeof clientAddressFrom>> = {
  direct: clientAddressFrom(0),
  'other-proxies': clientAddressFrom(1, ['10.0.0.0/8']),
  'one-hop': clientAddressFrom(1, ['127.0.0.1']),
  'two-hops': clientAddressFrom(2, ['127.0.0.0/8', '10.0.0.0/8']),
  'mapped-range': clientAddressFrom(1, ['::ffff:127.0.0.0/104']),
};
app.get('/:setting', (c) => c.text(settings[c.req.param('setting')]!(c)));

let server: ReturnType<typeof serve>;
let origin: string;
beforeAll(async () => {
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const addressSeen = async (setting: string, forwardedFor?: string) =>
  (
    await fetch(`${origin}/${setting}`, {
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    })
  ).text();

describe('client address', () => {
  it('is the socket address when no proxy is trusted', async () => {
    expect(await addressSeen('direct', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a connection that is not a configured proxy', async () => {
    // TRUST_PROXY_HOPS=1 but the caller reached the pod directly: rotating the
    // header must not give it a fresh budget on every request.
    expect(await addressSeen('other-proxies', '203.0.113.9')).toBe('127.0.0.1');
    expect(await addressSeen('other-proxies', '203.0.113.10')).toBe('127.0.0.1');
  });

  it('takes the entry the trusted proxy appended, never one the client wrote', async () => {
    expect(await addressSeen('one-hop', '203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen('one-hop', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen('one-hop')).toBe('127.0.0.1');
  });

  it('walks back through trusted proxies only', async () => {
    expect(await addressSeen('two-hops', 'spoofed, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    // The hop before ours is not one of our proxies: its claim about its own client is not believed.
    expect(await addressSeen('two-hops', 'spoofed, 198.51.100.1')).toBe('198.51.100.1');
  });

  it('accepts a range written in IPv4-mapped form', async () => {
    expect(await addressSeen('mapped-range', '203.0.113.9')).toBe('203.0.113.9');
  });
});
