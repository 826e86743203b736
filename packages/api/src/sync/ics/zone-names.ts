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
export function toIanaZone(tzid: string, preferred?: string): string | null {
  const name = tzid.trim().replace(/^"(.*)"$/, '$1');
  if (name === '' || name.length > 200) return null;
  return canonicalIana(name) ?? fromWindows(name, preferred) ?? fromPrefixed(name);
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

/**
 * A Windows name covers many IANA zones ("W. Europe Standard Time" is Berlin,
 * Stockholm, Oslo…). The calendar's own zone wins when it is one of them, so a
 * Stockholm chapter's Outlook events stay in Europe/Stockholm; otherwise
 * CLDR's territory "001" default, the first entry (e.g. Europe/Berlin).
 */
function fromWindows(name: string, preferred?: string): string | null {
  const zones = findIana(name);
  if (preferred && (zones as string[]).includes(preferred)) return canonicalIana(preferred);
  const [first] = zones;
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
