import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import type { AppEnv } from '../lib/context.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * The caller's address, used for anonymous budgets and the failed-authentication
 * lock-out.
 *
 * X-Forwarded-For is believed only as far as it was written by our own proxies:
 * the connection must come from one of `trustedProxies`, and walking the header
 * from the right, each entry is the client of the hop before it. The walk stops
 * at the first address that is not a trusted proxy, or after `hops` entries;
 * anything further left was written by the client and is ignored. A client that
 * reaches the process directly (not through a trusted proxy) is known by its
 * socket address whatever headers it sends.
 */
export function clientAddressFrom(hops: number, trustedProxies: readonly string[] = []) {
  const ranges = trustedProxies.map(parseRange);
  const trusted = (address: string) => {
    const parsed = parseAddress(address);
    return (
      parsed !== undefined &&
      ranges.some(([base, bits]) => parsed.kind() === base.kind() && parsed.match(base, bits))
    );
  };
  return (c: Context<AppEnv>): string => {
    const peer = socketAddress(c);
    if (hops === 0 || !trusted(peer)) return peer;
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    let client = peer;
    for (let i = 0; i < hops && chain.length > 0; i++) {
      if (i > 0 && !trusted(client)) break;
      client = normalise(chain.pop() as string);
    }
    return client;
  };
}

function socketAddress(c: Context<AppEnv>): string {
  try {
    return normalise(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function normalise(address: string): string {
  const parsed = parseAddress(address);
  return parsed ? parsed.toString() : address;
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return ipaddr.process(address);
  } catch {
    return undefined;
  }
}

function parseRange(entry: string): Range {
  if (entry.includes('/')) {
    const [base, bits] = ipaddr.parseCIDR(entry);
    return base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress()
      ? [(base as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)]
      : [base, bits];
  }
  const address = ipaddr.process(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}
