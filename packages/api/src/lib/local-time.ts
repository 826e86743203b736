/**
 * RFC 3339 local time with a numeric offset, for an instant in an IANA zone.
 * It runs for every event of every response, so the zone offset is looked up
 * once per zone and quarter hour (offsets only ever change on quarter hours)
 * and the rest is integer arithmetic.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;
const MAX_CACHED = 50_000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC for `zone` at `ms`. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const key = `${zone}|${Math.floor(ms / QUARTER_HOUR)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const at = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  const offset = Math.round((wall - at) / 60_000);
  if (offsets.size >= MAX_CACHED) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function localIso(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const offset = zoneOffsetMinutes(zone, ms);
  const local = new Date(ms + offset * 60_000);
  const millis = local.getUTCMilliseconds();
  const abs = Math.abs(offset);
  return (
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    (millis ? `.${String(millis).padStart(3, '0')}` : '') +
    `${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}
