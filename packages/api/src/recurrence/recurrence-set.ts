import { RecurrenceError } from './errors.js';
import { toFloatingMs } from './local-time.js';
import { parseRRule, type Until } from './parse-rrule.js';
import { RRule } from './rrule-lib.js';
import { assertRuleTerminates } from './rule-guards.js';

/**
 * The one recurrence engine of the hub. Series pushed through the API
 * (expandSeries) and recurring events imported from iCalendar feeds
 * (sync/ics) both expand through expandRecurrenceSet, so a rule means the same
 * thing whichever way it arrived. Rules are expanded by rrule (a port of
 * python-dateutil) in floating wall-clock time and placed in their zone by
 * the caller's clock; test/recurrence checks the results against
 * python-dateutil itself.
 */

/** An occurrence start: its wall-clock reading ("floating ms") and its instant. */
export interface Start {
  floatingMs: number;
  instantMs: number;
}

export interface RecurrenceSet<R extends Start = Start> {
  /** RRULE values without the "RRULE:" prefix (usually one; RFC 5545 allows several). */
  rrules: readonly string[];
  /** DTSTART as a floating wall-clock reading of the series zone. */
  startFloatingMs: number;
  /** DATE-valued series: whole days, no BYHOUR/BYMINUTE/BYSECOND. */
  allDay: boolean;
  /**
   * RFC 5545 (iCalendar): DTSTART is always the first occurrence, matching
   * the rule or not. The API's series follow rrule and python-dateutil
   * instead: the start is only an occurrence if the rule matches it.
   */
  startIsOccurrence: boolean;
  /** Places a wall-clock reading of the series zone in time (DST gaps and overlaps included). */
  toInstant(floatingMs: number): number;
  /** Extra starts, already placed (they may be written in another zone). */
  rdates: readonly R[];
  /** Excluded start instants; they apply to rule and RDATE starts alike. */
  exdates: readonly number[];
}

/**
 * rrule always walks from the series start, so a dense rule that began long
 * before the window costs work even though none of it is returned (about
 * 6 µs per FREQ=SECONDLY step). Past this many steps per rule, expansion is refused.
 */
export const MAX_SCANNED_OCCURRENCES = 50_000;

const DAY_MS = 86_400_000;
/*
 * Floating (wall-clock) values differ from instants by the zone offset, which
 * is within -12h..+14h. Candidates more than a day outside the window in
 * floating time therefore cannot fall inside it as instants.
 */
const FLOATING_MARGIN_MS = DAY_MS;

/** A rule ready to expand from a given start. Throws RecurrenceError when it is invalid or cannot terminate. */
export interface CompiledRule {
  rrule: RRule;
  until?: Until;
}

export function compileRule(value: string, startFloatingMs: number, allDay: boolean): CompiledRule {
  const parsed = parseRRule(value, allDay);
  let rrule: RRule;
  try {
    rrule = new RRule({ ...parsed.options, dtstart: new Date(startFloatingMs) }, true);
  } catch (error) {
    throw new RecurrenceError('invalid-rrule', `Invalid RRULE: ${(error as Error).message}`);
  }
  assertRuleTerminates(rrule);
  return parsed.until ? { rrule, until: parsed.until } : { rrule };
}

/**
 * The starts of `set` whose instant lies in [window.fromMs, window.toMs),
 * sorted by instant, at most `maxOccurrences` (the earliest). Each instant
 * appears once: an RDATE repeating a rule date, or two wall-clock times
 * folded together by a DST gap, is one occurrence. EXDATEs match by instant,
 * so one written in UTC excludes a zoned occurrence, and they do not change
 * COUNT. UNTIL is compared as an instant (a DATE UNTIL includes its whole
 * local day); RDATEs are not bounded by it.
 *
 * Throws RecurrenceError for an invalid rule, one that matches no date
 * (unless startIsOccurrence: see above), and one that needs more than MAX_SCANNED_OCCURRENCES steps to pass the window.
 */
export function expandRecurrenceSet<R extends Start>(
  set: RecurrenceSet<R>,
  window: { fromMs: number; toMs: number },
  maxOccurrences: number,
): (Start | R)[] {
  const rules = set.rrules.flatMap((value) => {
    try {
      return [compileRule(value, set.startFloatingMs, set.allDay)];
    } catch (error) {
      // In iCalendar the set is DTSTART + RRULE + RDATE - EXDATE: a rule that
      // matches no date adds nothing, and DTSTART and the RDATEs still stand.
      const nothing = error instanceof RecurrenceError && error.reason === 'rrule-matches-nothing';
      if (nothing && set.startIsOccurrence) return [];
      throw error;
    }
  });
  if (maxOccurrences <= 0) return [];
  const excluded = new Set(set.exdates);
  const found = new Map<number, Start | R>();
  const inWindow = (instantMs: number) =>
    instantMs >= window.fromMs && instantMs < window.toMs && !excluded.has(instantMs);
  const keep = (start: Start | R) => {
    const existing = found.get(start.instantMs);
    // Of two wall-clock times landing on one instant, the later one is the
    // time that really exists (the other sat in a DST gap): its reading names it.
    if (!existing || existing.floatingMs < start.floatingMs) found.set(start.instantMs, start);
  };

  for (const rule of rules) {
    const untilMs = rule.until ? untilInstant(rule.until, set.toInstant) : Infinity;
    const stopAfter = Math.min(window.toMs, untilMs) + FLOATING_MARGIN_MS;
    const budget = MAX_SCANNED_OCCURRENCES + maxOccurrences;
    let scanned = 0;
    let kept = 0;
    let exhausted = false;
    // The iterator form stops rrule as soon as the window (or the cap) is
    // passed instead of materialising every occurrence up to COUNT/UNTIL.
    rule.rrule.all((date) => {
      const floatingMs = date.getTime();
      if (floatingMs > stopAfter) return false;
      if (++scanned > budget) {
        exhausted = true;
        return false;
      }
      if (floatingMs < window.fromMs - FLOATING_MARGIN_MS) return true;
      const instantMs = set.toInstant(floatingMs);
      if (instantMs <= untilMs && inWindow(instantMs)) {
        keep({ floatingMs, instantMs });
        kept += 1;
      }
      return kept < maxOccurrences;
    });
    if (exhausted) {
      throw new RecurrenceError(
        'expansion-limit',
        `Expanding this series needs more than ${budget} steps from its start; start the series later or make it less frequent`,
      );
    }
  }

  if (set.startIsOccurrence) {
    const instantMs = set.toInstant(set.startFloatingMs);
    if (inWindow(instantMs)) keep({ floatingMs: set.startFloatingMs, instantMs });
  }
  for (const rdate of set.rdates) if (inWindow(rdate.instantMs)) keep(rdate);

  return [...found.values()].sort((a, b) => a.instantMs - b.instantMs).slice(0, maxOccurrences);
}

function untilInstant(until: Until, toInstant: (floatingMs: number) => number): number {
  switch (until.kind) {
    case 'instant':
      return until.ms;
    case 'local':
      return toInstant(toFloatingMs(until.local));
    case 'date':
      // Inclusive of the whole local day: anything before the next midnight.
      return toInstant(toFloatingMs(until.local) + DAY_MS) - 1;
  }
}
