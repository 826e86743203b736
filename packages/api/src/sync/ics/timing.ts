import ICAL from 'ical.js';
import { IcsItemError } from './errors.js';
import { type Component, type Moment, momentOf, readMoment } from './times.js';
import type { ZoneBook } from './zone-book.js';
import type { WallClock } from './zone-clock.js';

const DAY_MS = 86_400_000;
/** Longest event accepted; anything longer is a broken DTEND/DURATION, not an event. */
export const MAX_SPAN_DAYS = 366;

/**
 * How long an event lasts. Whole days are calendar days (added to the wall
 * clock, so an all-day event stays midnight to midnight across a DST change);
 * the rest is exact time (RFC 5545: "P1D" is nominal, "PT24H" is exact).
 */
export interface Span {
  days: number;
  exactMs: number;
}

/** A time read in its zone: its wall-clock reading, that zone's clock and the instant. */
export interface Placed {
  floating: number;
  clock: WallClock;
  instant: number;
}

/**
 * Places a value as written. DATE values (all-day) and floating date-times
 * are read by `home`, the clock of the zone the event is shown in; the rest
 * follow their own TZID or "Z" (see ZoneBook).
 */
export function placeMoment(moment: Moment, zones: ZoneBook, home: WallClock): Placed {
  const clock = zones.clockOf(moment, home);
  return { floating: moment.floating, clock, instant: clock.toInstant(moment.floating) };
}

export function endOf(start: Placed, span: Span): number {
  const base =
    span.days === 0 ? start.instant : start.clock.toInstant(start.floating + span.days * DAY_MS);
  return base + span.exactMs;
}

export function defaultSpan(allDay: boolean): Span {
  // RFC 5545 3.6.1: no DTEND/DURATION means one day for a DATE, zero for a DATE-TIME.
  return allDay ? { days: 1, exactMs: 0 } : { days: 0, exactMs: 0 };
}

/** The span written in the event (DTEND or DURATION), or null when it has neither. */
export function readSpan(
  event: Component,
  start: Placed & { isDate: boolean },
  zones: ZoneBook,
  home: WallClock,
): Span | null {
  const end = readMoment(event, 'dtend');
  let span: Span | null = null;
  if (end) {
    span = start.isDate
      ? { days: Math.round((end.floating - start.floating) / DAY_MS), exactMs: 0 }
      : { days: 0, exactMs: placeMoment(end, zones, home).instant - start.instant };
    if (span.days < 0 || span.exactMs < 0) throw new IcsItemError('DTEND is before DTSTART');
  } else if (event.hasProperty('duration')) {
    span = readDuration(event);
  }
  if (span && span.days + span.exactMs / DAY_MS > MAX_SPAN_DAYS) {
    throw new IcsItemError(`the event lasts more than ${MAX_SPAN_DAYS} days`);
  }
  return span;
}

function readDuration(event: Component): Span {
  let value: unknown;
  try {
    value = event.getFirstPropertyValue('duration');
  } catch {
    throw new IcsItemError('DURATION is not a valid duration');
  }
  if (!(value instanceof ICAL.Duration)) throw new IcsItemError('DURATION is not a valid duration');
  if (value.isNegative) throw new IcsItemError('DURATION is negative');
  return {
    days: value.weeks * 7 + value.days,
    exactMs: ((value.hours * 60 + value.minutes) * 60 + value.seconds) * 1000,
  };
}

/**
 * The span of one RDATE;VALUE=PERIOD instance (RFC 5545 §3.8.5.2): its own
 * duration ("start/PT1H") or end ("start/end", in the start's zone); null for
 * a plain RDATE, which lasts as long as the event.
 */
export function periodSpan(moment: Moment, start: Placed, zones: ZoneBook): Span | null {
  const written = moment.periodEnd;
  if (written === undefined) return null;
  let exactMs: number;
  let days = 0;
  if (/^[+-]?P/i.test(written)) {
    const duration = ICAL.Duration.fromString(written);
    if (duration.isNegative) throw new IcsItemError('RDATE period has a negative duration');
    days = duration.weeks * 7 + duration.days;
    exactMs = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  } else {
    const end = placeMoment(momentOf(moment.prop, written, 'rdate'), zones, start.clock);
    exactMs = end.instant - start.instant;
    if (exactMs < 0) throw new IcsItemError('RDATE period ends before it starts');
  }
  if (days + exactMs / DAY_MS > MAX_SPAN_DAYS) {
    throw new IcsItemError(`the event lasts more than ${MAX_SPAN_DAYS} days`);
  }
  return { days, exactMs };
}
