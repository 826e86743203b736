/**
 * RFC 3339 local time with a numeric offset ("2026-07-21T18:00:00+01:00"), the
 * format the API's toEvent produces with luxon, without luxon. A zone's offset
 * only changes on quarter-hour boundaries (UTC), so it is cached per zone and
 * quarter hour; Intl is consulted once per bucket.
 */
const QUARTER_HOUR = 900_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Minutes east of UTC for `zone` at `ms`. */
function offsetMinutes(ms: number, zone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR;
    const p: Record<string, number> = {};
    for (const part of formatter(zone).formatToParts(at)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    offset = Math.round((asUtc - at) / 60_000);
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function localIso(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000);
  const millis = local.getUTCMilliseconds();
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    (millis ? `.${String(millis).padStart(3, '0')}` : '') +
    `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}
