import { findIana } from 'windows-iana';

// The same shape the schema's TimeZone accepts: newer Intl builds also accept
// offsets such as "+01:00", which are not zones and would drift at DST changes.
const IANA_SHAPE = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * Canonical IANA name for a TZID as calendar programs write it, or null when it
 * names no zone we know:
 * - IANA names as is ("Europe/London"; links such as "GB" become their target);
 * - Windows names as Outlook/Exchange write them ("GMT Standard Time",
 *   "W. Europe Standard Time") via the CLDR table in windows-iana;
 * - prefixed names some exporters use ("/mozilla.org/20070129_1/Europe/London",
 *   "/freeassociation.sourceforge.net/Tzfile/Europe/London").
 */
export function toIanaZone(tzid: string): string | null {
  const name = tzid.trim().replace(/^"(.*)"$/, '$1');
  if (name === '' || name.length > 200) return null;
  return canonicalIana(name) ?? fromWindows(name) ?? fromPrefixed(name);
}

export function canonicalIana(name: string): string | null {
  if (name.length > 64 || !IANA_SHAPE.test(name)) return null;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return IANA_SHAPE.test(zone) ? zone : null;
  } catch {
    return null;
  }
}

function fromWindows(name: string): string | null {
  // The first entry is CLDR's territory "001" default, e.g. Europe/Berlin.
  const [first] = findIana(name);
  return first ? canonicalIana(first) : null;
}

function fromPrefixed(name: string): string | null {
  if (!name.startsWith('/')) return null;
  const parts = name.split('/').filter(Boolean);
  for (const take of [3, 2]) {
    if (parts.length >= take) {
      const zone = canonicalIana(parts.slice(-take).join('/'));
      if (zone) return zone;
    }
  }
  return null;
}
