import { RecurrenceError, type RecurrenceErrorReason } from './errors.js';

/** A wall-clock reading with no zone attached ("floating" in RFC 5545 terms). */
export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/*
 * Years are bounded because (a) before 1900 zone data is mostly local mean
 * time, which no event organiser means, and Date.UTC silently maps years
 * 0-99 onto 1900-1999; (b) the feasibility probe in rule-guards.ts shifts a
 * series forward by whole 400-year cycles and needs room below rrule's
 * hard-coded year 9999 horizon.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const RECURRENCE_ID_PATTERN = /^\d{8}T\d{6}$/;

/**
 * Parses "YYYY-MM-DDTHH:mm[:ss]". Offsets, "Z" and fractions are rejected on
 * purpose: a series is anchored to wall-clock time in its own zone, and a
 * silently ignored offset would move every occurrence.
 */
export function parseLocalDateTime(
  value: string,
  reason: RecurrenceErrorReason = 'invalid-start',
): LocalDateTime {
  const match = LOCAL_PATTERN.exec(value);
  if (!match) {
    throw new RecurrenceError(
      reason,
      `"${value}" is not a local date-time of the form YYYY-MM-DDTHH:mm[:ss] (no offset)`,
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const local = { year, month, day, hour, minute, second } as LocalDateTime;
  if (local.year < MIN_YEAR || local.year > MAX_YEAR) {
    throw new RecurrenceError(reason, `"${value}" is outside the years ${MIN_YEAR}-${MAX_YEAR}`);
  }
  // Round-tripping through Date.UTC catches 2026-02-30, 25:00 and friends,
  // which Date would otherwise roll over into a different valid value.
  if (
    local.hour > 23 ||
    local.minute > 59 ||
    local.second > 59 ||
    !sameLocal(fromFloatingMs(toFloatingMs(local)), local)
  ) {
    throw new RecurrenceError(reason, `"${value}" is not a real calendar date-time`);
  }
  return local;
}

/**
 * Encodes wall-clock time as if it were UTC. rrule does all its arithmetic
 * with UTC getters, so feeding it these "floating" values makes it expand the
 * rule in pure wall-clock time, free of any DST jumps.
 */
export function toFloatingMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

export function fromFloatingMs(ms: number): LocalDateTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/**
 * RECURRENCE-ID style key, "YYYYMMDDTHHmmss", in the series zone's wall
 * clock. It names the occurrence the rule *scheduled*, so it stays the same
 * even if that wall-clock time falls in a DST gap and is actually held later.
 */
export function toRecurrenceId(local: LocalDateTime | string): string {
  const l = typeof local === 'string' ? parseLocalDateTime(local) : local;
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
}

export function isRecurrenceId(value: string): boolean {
  return RECURRENCE_ID_PATTERN.test(value);
}

export function isMidnight(local: LocalDateTime): boolean {
  return local.hour === 0 && local.minute === 0 && local.second === 0;
}

export function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}
