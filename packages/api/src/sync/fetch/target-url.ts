import { isIP } from 'node:net';
import { type AllowList, checkAddress, normaliseHost } from './address-guard.js';
import { FetchFailure } from './errors.js';

/**
 * Parses and vets one hop's URL before anything touches the network: only
 * http(s), and an IP-literal host is checked right here (no DNS involved), so
 * a refused literal never costs a connection attempt. WHATWG parsing already
 * normalised 2130706433, 0177.0.0.1, 0x7f.0.0.1 and 127.1 to 127.0.0.1, and
 * [::ffff:127.0.0.1] to [::ffff:7f00:1], so checking the parsed host covers
 * every spelling. Hostnames are checked later, on the resolved address.
 */
export function vetUrl(raw: string | URL, allow: AllowList, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchFailure('invalid-url', `not a valid URL: ${String(raw).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchFailure(
      'forbidden-scheme',
      `scheme ${url.protocol} is not allowed; use http(s)`,
    );
  }
  const host = normaliseHost(url.hostname);
  if (host === '') throw new FetchFailure('invalid-url', 'URL has no host');
  if (isIP(host) !== 0) {
    const refusal = checkAddress(host, host, allow);
    if (refusal !== null) throw new FetchFailure('forbidden-address', refusal);
  }
  return url;
}

/**
 * Takes credentials out of a URL: they become an Authorization header (which
 * redirects to another origin drop) and never appear in finalUrl or logs.
 */
export function splitCredentials(url: URL): { url: URL; authorization: string | undefined } {
  if (url.username === '' && url.password === '') return { url, authorization: undefined };
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw new FetchFailure('invalid-url', 'URL credentials are not valid percent-encoding');
  }
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  return {
    url: clean,
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}
