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
import { type ParsedRule, parseRRule, type Until } from './parse-rrule.js';
import { RRule } from './rrule-lib.js';
import { assertRuleTerminates } from './rule-guards.js';
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
export const MAX_SCANNED_OCCURRENCES = 50_000;

// Mirrors the schema package's Id format; "-" + 15-character recurrence id
// leaves 84 characters of the 100 an Id may have.
const SERIES_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const MAX_SERIES_ID_LENGTH = 100 - 16;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/*
 * Floating (wall-clock) values differ from instants by the zone offset, which
 * is within -12h..+14h. Candidates more than a day outside the window in
 * floating time therefore cannot fall inside it as instants.
 */
const FLOATING_MARGIN_MS = DAY_MS;

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
  if (maxOccurrences === 0) return [];

  const resolver = new ZoneResolver(rule.timeZone);
  const found = new OccurrenceSet(rule, input, resolver);
  const untilMs = input.parsed.until ? untilInstant(input.parsed.until, resolver) : Infinity;
  const stopAfter = Math.min(input.toMs, untilMs) + FLOATING_MARGIN_MS;
  const budget = MAX_SCANNED_OCCURRENCES + maxOccurrences;
  let scanned = 0;
  let exhausted = false;

  // The iterator form lets us stop rrule as soon as the window (or the cap)
  // is passed instead of materialising every occurrence up to COUNT/UNTIL.
  input.rrule.all((date) => {
    const floatingMs = date.getTime();
    if (floatingMs > stopAfter) return false;
    if (++scanned > budget) {
      exhausted = true;
      return false;
    }
    if (floatingMs >= input.fromMs - FLOATING_MARGIN_MS) found.add(floatingMs, untilMs);
    return found.size < maxOccurrences;
  });
  if (exhausted) {
    throw new RecurrenceError(
      'expansion-limit',
      `Expanding this series needs more than ${budget} steps from its start; start the series later or make it less frequent`,
    );
  }
  // RDATEs are not bounded by the RRULE's UNTIL.
  for (const rdate of input.rdates) found.add(toFloatingMs(rdate), Infinity);
  return found.sorted().slice(0, maxOccurrences);
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
  parsed: ParsedRule;
  rrule: RRule;
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
  const parsed = parseRRule(rule.rrule, allDay);
  let rrule: RRule;
  try {
    rrule = new RRule({ ...parsed.options, dtstart: new Date(toFloatingMs(start)) }, true);
  } catch (error) {
    throw new RecurrenceError('invalid-rrule', `Invalid RRULE: ${(error as Error).message}`);
  }
  assertRuleTerminates(rrule);
  return { fromMs, toMs, allDay, parsed, rrule, exdates, rdates };
}

function parseLocal(value: string, reason: RecurrenceErrorReason, allDay: boolean): LocalDateTime {
  const local = parseLocalDateTime(value, reason);
  if (allDay && !isMidnight(local)) {
    throw new RecurrenceError(reason, `"${value}" must be at 00:00 in an all-day series`);
  }
  return local;
}

function untilInstant(until: Until, resolver: ZoneResolver): number {
  switch (until.kind) {
    case 'instant':
      return until.ms;
    case 'local':
      return resolver.resolve(toFloatingMs(until.local)).instantMs;
    case 'date':
      // Inclusive of the whole local day: anything before the next midnight.
      return resolver.resolve(toFloatingMs(until.local) + DAY_MS).instantMs - 1;
  }
}

interface Entry {
  occurrence: Occurrence;
  shifted: boolean;
}

/** Collects occurrences keyed by start instant, applying window, UNTIL and EXDATE. */
class OccurrenceSet {
  private readonly byInstant = new Map<number, Entry>();
  private readonly excluded: Set<number>;

  constructor(
    private readonly rule: SeriesRule,
    private readonly input: ValidInput,
    private readonly resolver: ZoneResolver,
  ) {
    this.excluded = new Set(
      input.exdates.map((local) => resolver.resolve(toFloatingMs(local)).instantMs),
    );
  }

  get size(): number {
    return this.byInstant.size;
  }

  add(floatingMs: number, untilMs: number): void {
    const start = this.resolver.resolve(floatingMs);
    const at = start.instantMs;
    if (at < this.input.fromMs || at >= this.input.toMs || at > untilMs) return;
    if (this.excluded.has(at)) return;
    const existing = this.byInstant.get(at);
    // On a duplicate, prefer the occurrence whose wall-clock time really
    // exists, so its recurrence id matches the time people see.
    if (existing && !(existing.shifted && !start.shifted)) return;
    const endsAtMs = this.input.allDay
      ? this.resolver.resolve(floatingMs + this.rule.durationMinutes * MINUTE_MS).instantMs
      : at + this.rule.durationMinutes * MINUTE_MS;
    this.byInstant.set(at, {
      shifted: start.shifted,
      occurrence: {
        recurrenceId: toRecurrenceId(fromFloatingMs(floatingMs)),
        startsAt: new Date(at),
        endsAt: new Date(endsAtMs),
        localStart: formatLocalWithOffset(at, start.offsetMinutes),
      },
    });
  }

  sorted(): Occurrence[] {
    // Keys are unique instants, so start time alone gives a total order.
    return [...this.byInstant.values()]
      .map((entry) => entry.occurrence)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  }
}
