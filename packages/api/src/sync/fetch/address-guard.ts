import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ForbiddenAddressError } from './errors.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Every public IPv6 address is in 2000::/3 (global unicast). Outside it,
 * ipaddr.js does not name every special range: the deprecated IPv4-compatible
 * form `::a.b.c.d` (what `[::127.0.0.1]` becomes, `::7f00:1`) and other
 * unassigned space would otherwise pass as plain 'unicast'.
 */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** The operator allow-list, parsed once per fetch. */
export interface AllowList {
  /** Hostnames (lower case, no trailing dot) whose every address is allowed. */
  readonly hosts: ReadonlySet<string>;
  /** IPs (as /32 or /128) and CIDRs that are allowed whatever name led there. */
  readonly ranges: ReadonlyArray<[Address, number]>;
}

/** "[::1]" → "::1", "Example.ORG." → "example.org". */
export function normaliseHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/**
 * Parses allow-list entries. An entry that is neither an IP nor a valid CIDR
 * is treated as a hostname; a malformed CIDR therefore matches nothing, which
 * fails closed (config validation is the place to reject it loudly).
 */
export function compileAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of entries) {
    const entry = normaliseHost(raw.trim());
    if (entry === '') continue;
    if (isIP(entry) !== 0) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        hosts.add(entry);
      }
    } else {
      hosts.add(entry);
    }
  }
  return { hosts, ranges };
}

export function isEmptyAllowList(allow: AllowList): boolean {
  return allow.hosts.size === 0 && allow.ranges.length === 0;
}

function inRanges(address: Address, ranges: AllowList['ranges']): boolean {
  // An IPv4-mapped IPv6 address (::ffff:10.1.2.3) is also matched as its IPv4
  // self so "10.0.0.0/8" on the list covers it; it is never allowed otherwise.
  const candidates: Address[] = [address];
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    candidates.push((address as ipaddr.IPv6).toIPv4Address());
  }
  return ranges.some(([base, bits]) =>
    candidates.some((c) => c.kind() === base.kind() && c.match(base, bits)),
  );
}

/**
 * Decides whether `address`, reached through `host`, may be connected to.
 * Returns null when allowed, otherwise a human-readable refusal.
 *
 * Public means ipaddr.js classifies the address as plain 'unicast' — the same
 * rule request-filtering-agent applies. Everything else is refused: loopback,
 * private, link-local, CGNAT, unspecified, multicast, broadcast, reserved and
 * documentation ranges, unique-local, IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4 and Teredo (the last ones can embed any IPv4 address, private
 * included), and any IPv6 address outside global unicast (2000::/3).
 */
export function checkAddress(host: string, address: string, allow: AllowList): string | null {
  if (allow.hosts.has(normaliseHost(host))) return null;
  const bare = normaliseHost(address);
  if (isIP(bare) === 0) return `${address} is not an IP address`;
  let parsed: Address;
  try {
    parsed = ipaddr.parse(bare);
  } catch {
    return `${address} is not an IP address`;
  }
  if (inRanges(parsed, allow.ranges)) return null;
  const range = rangeOf(parsed);
  if (range === 'unicast') return null;
  const via = normaliseHost(host) === bare ? '' : ` (resolved from ${host})`;
  return `refusing to connect to ${bare}${via}: ${range} address is not on the allow-list`;
}

function rangeOf(address: Address): string {
  const range = address.range();
  if (range !== 'unicast' || address.kind() === 'ipv4') return range;
  const v6 = address as ipaddr.IPv6;
  if (v6.match(GLOBAL_UNICAST_V6)) return range;
  // ::/96 (but not :: or ::1, named above): the IPv4-compatible form.
  return v6.parts.slice(0, 6).every((part) => part === 0) ? 'ipv4Compatible' : 'nonGlobal';
}

/**
 * Wraps a DNS lookup so every address it returns is checked right before the
 * socket connects to it. Because the check sits inside the connect path,
 * there is no window between "check" and "use" for DNS rebinding to exploit.
 * With `all: true` (Node's happy-eyeballs), one forbidden answer refuses the
 * whole name: mixing public and private answers is itself a red flag.
 */
export function guardedLookup(allow: AllowList, base: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, result, family) => {
      if (err) {
        callback(err, result, family);
        return;
      }
      const answers = Array.isArray(result) ? result.map((a) => a.address) : [result];
      for (const answer of answers) {
        const refusal = checkAddress(hostname, answer, allow);
        if (refusal !== null) {
          callback(new ForbiddenAddressError(refusal), result, family);
          return;
        }
      }
      callback(null, result, family);
    });
  };
}
