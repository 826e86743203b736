import type { Agent } from 'node:http';
import { isIP } from 'node:net';
import {
  type RequestFilteringAgentOptions,
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
} from 'request-filtering-agent';
import { type AllowList, checkAddress, isEmptyAllowList } from './address-guard.js';

/**
 * Builds the connection agent for one hop. request-filtering-agent blocks
 * non-unicast addresses at connect time (after DNS) and is the independent
 * second line behind our own guarded lookup (address-guard.ts).
 *
 * The agent cannot express our allow-list: it knows nothing about hostnames,
 * and it compares single IPs as strings and warns on every IPv4/IPv6 mismatch
 * in a mixed CIDR list. So it runs in its strict default whenever the
 * allow-list cannot possibly admit this hop, and is relaxed only when it could
 * (the host is listed, the IP literal is covered, or the list has IP ranges a
 * name might resolve into) — then our guard alone decides, per address.
 */
export function agentFor(protocol: 'http:' | 'https:', host: string, allow: AllowList): Agent {
  const options: RequestFilteringAgentOptions = mayBeAllowListed(host, allow)
    ? { allowPrivateIPAddress: true, allowMetaIPAddress: true }
    : {};
  // keepAlive off: each hop gets a fresh socket that dies with the request, so
  // aborting a request can never leave a half-read connection in a pool.
  return protocol === 'https:'
    ? new RequestFilteringHttpsAgent({ ...options, keepAlive: false })
    : new RequestFilteringHttpAgent({ ...options, keepAlive: false });
}

function mayBeAllowListed(host: string, allow: AllowList): boolean {
  if (isEmptyAllowList(allow)) return false;
  if (allow.hosts.has(host)) return true;
  if (isIP(host) !== 0) return checkAddress(host, host, allow) === null;
  return allow.ranges.length > 0;
}
