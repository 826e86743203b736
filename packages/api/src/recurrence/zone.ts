import { DateTime, IANAZone } from 'luxon';
import { RecurrenceError } from './errors.js';
import { fromFloatingMs, pad } from './local-time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Newer Intl builds accept bare offsets such as "+01:00" as zones; a series
// needs a real IANA rule set or its wall-clock time drifts at DST changes.
const IANA_NAME = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export function assertTimeZone(timeZone: string): void {
  if (
    !IANA_NAME.test(timeZone) ||
    !IANAZone.isValidZone(timeZone) ||
    !DateTime.local().setZone(timeZone).isValid
  ) {
    throw new RecurrenceError(
      'invalid-time-zone',
      `"${timeZone}" is not an IANA time zone such as Europe/London`,
    );
  }
}

export interface ResolvedLocal {
  instantMs: number;
  /** Offset actually in force at the instant, for display. */
  offsetMinutes: number;
  /** True when the wall-clock time did not exist (DST gap) and was moved forward. */
  shifted: boolean;
}

/**
 * Turns floating wall-clock values (see toFloatingMs) into real instants in
 * one zone, following RFC 5545 section 3.3.5:
 *
 * - Gap (spring forward): the time does not exist, so it is read with the
 *   offset from before the gap, which lands it one gap-length later on the
 *   clock (02:30 on a 02:00->03:00 night is held at 03:30). This is exactly
 *   what luxon does, so its result is used as is.
 * - Overlap (fall back): the time exists twice; RFC 5545 says take the first.
 *   luxon does not do that consistently (it returns the second pass for
 *   Europe/London and America/Toronto but the first for Australia/Sydney), so
 *   both candidate offsets are tried and the earliest valid instant wins.
 *
 * Results are cached per wall-clock minute because a hostile FREQ=SECONDLY
 * rule can ask for tens of thousands of conversions, and offsets only ever
 * change on minute boundaries in the zone data we accept (years >= 1900
 * aside from a few pre-1972 oddities with second-level offsets).
 */
export class ZoneResolver {
  private readonly zone: IANAZone;
  private readonly byMinute = new Map<number, ResolvedLocal>();

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  resolve(floatingMs: number): ResolvedLocal {
    const minuteMs = Math.floor(floatingMs / MINUTE_MS) * MINUTE_MS;
    let resolved = this.byMinute.get(minuteMs);
    if (!resolved) {
      resolved = this.resolveMinute(minuteMs);
      this.byMinute.set(minuteMs, resolved);
    }
    const seconds = floatingMs - minuteMs;
    return { ...resolved, instantMs: resolved.instantMs + seconds };
  }

  private resolveMinute(floatingMs: number): ResolvedLocal {
    const { year, month, day, hour, minute } = fromFloatingMs(floatingMs);
    const guess = DateTime.fromObject({ year, month, day, hour, minute }, { zone: this.zone });
    if (!guess.isValid) {
      throw new RecurrenceError('invalid-time-zone', `cannot place ${guess.invalidExplanation}`);
    }
    // Around a transition the two possible offsets are the ones in force a
    // day either side; no zone changes offset twice within a day.
    const candidates = new Set([
      guess.offset,
      this.zone.offset(guess.toMillis() - DAY_MS),
      this.zone.offset(guess.toMillis() + DAY_MS),
    ]);
    let earliest: ResolvedLocal | undefined;
    for (const offset of candidates) {
      const instantMs = floatingMs - offset * MINUTE_MS;
      const valid = this.zone.offset(instantMs) === offset;
      if (valid && (!earliest || instantMs < earliest.instantMs)) {
        earliest = { instantMs, offsetMinutes: offset, shifted: false };
      }
    }
    return earliest ?? { instantMs: guess.toMillis(), offsetMinutes: guess.offset, shifted: true };
  }
}

/**
 * RFC 3339 local time with numeric offset, e.g. "2026-07-21T18:00:00+01:00".
 * Built by hand rather than with luxon's toISO, which writes "Z" for UTC-like
 * zones and whose toFormat follows the process locale's digits.
 */
export function formatLocalWithOffset(instantMs: number, offsetMinutes: number): string {
  const wall = fromFloatingMs(instantMs + offsetMinutes * MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.round(Math.abs(offsetMinutes));
  const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  const time = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  return `${date}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
