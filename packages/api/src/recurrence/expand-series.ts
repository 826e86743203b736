import { RecurrenceError, type RecurrenceErrorReason } from './errors.js';
import {
  fromFloatingMs,
  isMidnight,
  isRecurrenceId,
  type LocalDateTime,
  parseLocalDateTime,
  toFloatingMs,
  toRecurrenceId,
} from './local-time.js';
import { expandRecurrenceSet, type Start } from './recurrence-set.js';
import { assertTimeZone, formatLocalWithOffset, ZoneResolver } from './zone.js';

export { RecurrenceError, type RecurrenceErrorReason } from './errors.js';
export { type LocalDateTime, parseLocalDateTime, toRecurrenceId } from './local-time.js';

export interface SeriesRule {
  /** RFC 5545 RRULE value without the "RRULE:" prefix, e.g. "FREQ=MONTHLY;BYDAY=3TU". */
  rrule: string;
  /** Wall-clock start of the series, "YYYY-MM-DDTHH:mm[:ss]", no offset. */
  startLocal: string;
  /** IANA zone, e.g. "Europe/London". */
  timeZone: string;
  /** >= 0; a whole number of days when allDay. */
  durationMinutes: number;
  /** Occurrences start at local midnight and last whole calendar days. */
  allDay?: boolean;
  /** Wall-clock starts ("YYYY-MM-DDTHH:mm[:ss]") to exclude. */
  exdates?: string[];
  /** Extra wall-clock starts to add. */
  rdates?: string[];
}

export interface Occurrence {
  /** Original local start "YYYYMMDDTHHmmss" in the series zone (RECURRENCE-ID semantics). */
  recurrenceId: string;
  startsAt: Date;
  endsAt: Date;
  /** RFC 3339 local start with offset, e.g. "2026-07-21T18:00:00+01:00". */
  localStart: string;
}

export const DEFAULT_MAX_OCCURRENCES = 1000;
/**
 * rrule always walks from the series start, so a dense rule that began long
 * before the window costs work even though none of it is returned (about
 * 6 µs per FREQ=SECONDLY step). Past this many steps expansion is refused.
 */
export { MAX_SCANNED_OCCURRENCES } from './recurrence-set.js';

// Mirrors the schema package's Id format; "-" + 15-character recurrence id
// leaves 84 characters of the 100 an Id may have.
const SERIES_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const MAX_SERIES_ID_LENGTH = 100 - 16;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Occurrences of `rule` whose start instant lies in [window.from, window.to),
 * sorted by start, at most `maxOccurrences` of them (the earliest, in local
 * wall-clock order, when the cap bites).
 *
 * The RRULE is expanded in floating wall-clock time and each result is then
 * placed in the series zone, so "18:00 Europe/London" stays 18:00 local in
 * both GMT and BST. Local times in a DST gap move forward by the gap; local
 * times in a DST overlap take the first (earlier) instant (RFC 5545 3.3.5).
 * As in rrule and python-dateutil, startLocal is only an occurrence if it
 * matches the rule. EXDATEs apply to RRULE and RDATE occurrences, do not
 * change COUNT, and match an occurrence starting at the same instant as the
 * excluded wall-clock time in this zone. Two occurrences landing on the same
 * instant (an RDATE repeating a rule date, or two wall-clock times folded
 * together by a DST gap) are returned once.
 *
 * Throws RecurrenceError for invalid input and for rules that would not
 * terminate or would need more than MAX_SCANNED_OCCURRENCES steps.
 */
export function expandSeries(
  rule: SeriesRule,
  window: { from: Date; to: Date },
  maxOccurrences: number = DEFAULT_MAX_OCCURRENCES,
): Occurrence[] {
  const input = validate(rule, window, maxOccurrences);

  const resolver = new ZoneResolver(rule.timeZone);
  const toInstant = (floatingMs: number) => resolver.resolve(floatingMs).instantMs;
  const place = (local: LocalDateTime): Start => {
    const floatingMs = toFloatingMs(local);
    return { floatingMs, instantMs: toInstant(floatingMs) };
  };
  const starts = expandRecurrenceSet(
    {
      rrules: [rule.rrule],
      startFloatingMs: toFloatingMs(input.start),
      allDay: input.allDay,
      startIsOccurrence: false,
      toInstant,
      rdates: input.rdates.map(place),
      exdates: input.exdates.map((local) => place(local).instantMs),
    },
    { fromMs: input.fromMs, toMs: input.toMs },
    maxOccurrences,
  );
  return starts.map(({ floatingMs, instantMs }) => {
    const endsAtMs = input.allDay
      ? toInstant(floatingMs + rule.durationMinutes * MINUTE_MS)
      : instantMs + rule.durationMinutes * MINUTE_MS;
    return {
      recurrenceId: toRecurrenceId(fromFloatingMs(floatingMs)),
      startsAt: new Date(instantMs),
      endsAt: new Date(endsAtMs),
      localStart: formatLocalWithOffset(instantMs, resolver.resolve(floatingMs).offsetMinutes),
    };
  });
}

/**
 * Stable public id for one occurrence: the series id plus its recurrence id.
 * Both parts are restricted so the result is URL-safe and at most 100
 * characters, matching the API's Id format.
 */
export function occurrenceId(seriesId: string, recurrenceId: string): string {
  if (!isRecurrenceId(recurrenceId)) {
    throw new RecurrenceError(
      'invalid-recurrence-id',
      `"${recurrenceId}" is not a recurrence id of the form YYYYMMDDTHHmmss`,
    );
  }
  if (!SERIES_ID_PATTERN.test(seriesId) || seriesId.length > MAX_SERIES_ID_LENGTH) {
    throw new RecurrenceError(
      'invalid-series-id',
      `Series id "${seriesId}" must be URL-safe (A-Z a-z 0-9 . _ ~ -) and at most ${MAX_SERIES_ID_LENGTH} characters`,
    );
  }
  return `${seriesId}-${recurrenceId.toLowerCase()}`;
}

interface ValidInput {
  fromMs: number;
  toMs: number;
  allDay: boolean;
  start: LocalDateTime;
  exdates: LocalDateTime[];
  rdates: LocalDateTime[];
}

function validate(
  rule: SeriesRule,
  window: { from: Date; to: Date },
  maxOccurrences: number,
): ValidInput {
  if (!Number.isSafeInteger(maxOccurrences) || maxOccurrences < 0) {
    throw new RecurrenceError(
      'invalid-max-occurrences',
      `maxOccurrences must be a non-negative integer, got ${maxOccurrences}`,
    );
  }
  const fromMs = window.from instanceof Date ? window.from.getTime() : Number.NaN;
  const toMs = window.to instanceof Date ? window.to.getTime() : Number.NaN;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new RecurrenceError(
      'invalid-window',
      'window.from and window.to must be valid Dates with from <= to',
    );
  }
  assertTimeZone(rule.timeZone);
  const allDay = rule.allDay === true;
  const { durationMinutes } = rule;
  if (!Number.isFinite(durationMinutes) || durationMinutes < 0) {
    throw new RecurrenceError(
      'invalid-duration',
      `durationMinutes must be >= 0, got ${durationMinutes}`,
    );
  }
  if (allDay && durationMinutes % (DAY_MS / MINUTE_MS) !== 0) {
    throw new RecurrenceError(
      'invalid-duration',
      `An all-day series lasts whole days (a multiple of 1440 minutes), got ${durationMinutes}`,
    );
  }
  const start = parseLocal(rule.startLocal, 'invalid-start', allDay);
  const exdates = (rule.exdates ?? []).map((s) => parseLocal(s, 'invalid-exdate', allDay));
  const rdates = (rule.rdates ?? []).map((s) => parseLocal(s, 'invalid-rdate', allDay));
  return { fromMs, toMs, allDay, start, exdates, rdates };
}

function parseLocal(value: string, reason: RecurrenceErrorReason, allDay: boolean): LocalDateTime {
  const local = parseLocalDateTime(value, reason);
  if (allDay && !isMidnight(local)) {
    throw new RecurrenceError(reason, `"${value}" must be at 00:00 in an all-day series`);
  }
  return local;
}
