import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

/**
 * How an event's IANA zone is written into iCalendar:
 * - `vtimezone`: local times with `TZID=<tzid>` plus one VTIMEZONE block. The tzid
 *   is the event's own zone (`Europe/Stockholm`, never the `Europe/Berlin` the
 *   library files it under), or for an old spelling the current one
 *   (`Asia/Calcutta` → `Asia/Kolkata`); the block's TZID always matches it.
 * - `utc`: UTC times with `Z` and no VTIMEZONE, for UTC itself (a VTIMEZONE for
 *   `Etc/UTC` adds nothing and some clients mis-map it) and, as a safe fallback,
 *   for a zone the library does not know — the instants stay right, only the
 *   zone label is lost.
 *
 * The library's blocks carry the zone's *current* rules from 1970 on, which is
 * what subscribers need for upcoming events; a past event in a zone whose rules
 * have since changed may be shown an hour off by clients that trust VTIMEZONE.
 */
export type IcalZone = { kind: 'utc' } | { kind: 'vtimezone'; tzid: string; block: string };

const UTC_ZONES = new Set(['Etc/UTC', 'Etc/GMT']);

let known: Set<string> | null = null;
const cache = new Map<string, IcalZone>();

function knownZones(): Set<string> {
  if (!known) {
    const list = tzlib_get_timezones();
    known = new Set(Array.isArray(list) ? list : (JSON.parse(list) as string[]));
  }
  return known;
}

export function icalZone(zone: string): IcalZone {
  const cached = cache.get(zone);
  if (cached) return cached;
  const resolved = resolve(zone);
  cache.set(zone, resolved);
  return resolved;
}

function resolve(zone: string): IcalZone {
  // Checking the list first keeps the library from logging "not valid" to the console.
  if (!knownZones().has(zone)) return { kind: 'utc' };
  const result = tzlib_get_ical_block(zone);
  const block = Array.isArray(result) ? result[0] : undefined;
  if (!block?.startsWith('BEGIN:VTIMEZONE') || !block.trimEnd().endsWith('END:VTIMEZONE')) {
    return { kind: 'utc' };
  }
  const libraryTzid = /^TZID:(.+)$/m.exec(block)?.[1]?.trim();
  if (!libraryTzid || UTC_ZONES.has(libraryTzid)) return { kind: 'utc' };
  const tzid = sameZone(zone, libraryTzid) ? libraryTzid : zone;
  const text = block
    .replace(/\r?\n/g, '\r\n')
    .trimEnd()
    .replace(/^TZID:.*$/m, `TZID:${tzid}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${tzid}`);
  return { kind: 'vtimezone', tzid, block: text };
}

/**
 * The library files zones whose rules agree since 1970 under one name
 * (Europe/Stockholm and Europe/Oslo under Europe/Berlin). An event in Stockholm
 * keeps its own TZID, with those rules; only a renamed spelling of the same zone
 * (Asia/Calcutta → Asia/Kolkata, Europe/Kiev → Europe/Kyiv) takes the library's
 * name. CLDR, as Intl reports it, keeps merged zones apart and renames together.
 */
function sameZone(a: string, b: string): boolean {
  const canonical = (zone: string) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      return zone;
    }
  };
  return a === b || canonical(a) === canonical(b);
}
