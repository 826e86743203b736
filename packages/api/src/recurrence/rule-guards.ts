import { RecurrenceError } from './errors.js';
import { RRule, type RRuleOptions, Weekday } from './rrule-lib.js';

/*
 * rrule only checks its stop conditions (COUNT, UNTIL, our iterator callback)
 * when it finds a candidate occurrence. A rule that never produces one keeps
 * it busy with no way to interrupt it: measured with rrule 2.8.1,
 * "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" spins ~8 s walking to year 9999, and
 * "FREQ=HOURLY;INTERVAL=2;BYHOUR=1" starting on an even hour never returns.
 * These guards reject such rules before the real expansion runs; each costs
 * at most a few hundred cheap iterations for any rule that does match.
 */
export function assertRuleTerminates(rule: RRule): void {
  assertNoStepLoop(rule);
  assertSetPosReachable(rule);
  assertDaysReachable(rule);
  assertIntervalReachable(rule);
}

// rrule's ParsedOptions type claims these are arrays; at runtime they can be null.
type Ints = readonly number[] | null | undefined;
const any = (list: Ints | readonly unknown[]): boolean => (list?.length ?? 0) > 0;

/**
 * Sub-daily rules step their clock by INTERVAL until the hour/minute/second
 * is in the BY list. If the step can never land on a listed value (even
 * steps, odd hours) rrule loops forever inside one step. With INTERVAL=1
 * every value is visited, so only INTERVAL>1 combined with those lists is refused.
 */
function assertNoStepLoop(rule: RRule): void {
  const { freq, interval, byhour, byminute, bysecond } = rule.options;
  if (freq < RRule.HOURLY || interval <= 1) return;
  const steps =
    any(byhour as Ints) ||
    (freq >= RRule.MINUTELY && any(byminute as Ints)) ||
    (freq >= RRule.SECONDLY && any(bysecond as Ints));
  if (steps) {
    throw new RecurrenceError(
      'unsupported-rrule',
      'Sub-daily rules with INTERVAL > 1 cannot also restrict BYHOUR/BYMINUTE/BYSECOND',
    );
  }
}

/** BYSETPOS beyond the most candidates one period can hold never selects anything. */
function assertSetPosReachable(rule: RRule): void {
  const { freq, bysetpos, byhour, byminute, bysecond } = rule.options;
  if (!any(bysetpos as Ints)) return;
  const size = (list: Ints) => Math.max(1, list?.length ?? 0);
  const daysPerPeriod = [366, 31, 7, 1, 1, 1, 1][freq] ?? 1;
  const timesPerDay =
    (freq < RRule.HOURLY ? size(byhour as Ints) : 1) *
    (freq < RRule.MINUTELY ? size(byminute as Ints) : 1) *
    (freq < RRule.SECONDLY ? size(bysecond as Ints) : 1);
  const candidates = daysPerPeriod * timesPerDay;
  if (bysetpos.every((pos) => Math.abs(pos) > candidates)) {
    throw new RecurrenceError(
      'rrule-matches-nothing',
      `BYSETPOS asks for position ${bysetpos.join(',')} but a period holds at most ${candidates} candidates`,
    );
  }
}

/**
 * Do the day-level filters (BYMONTH, BYMONTHDAY, BYDAY, ...) match any day at
 * all? The Gregorian calendar repeats every 400 years, so a yearly probe over
 * one full cycle answers exactly; placing it at 9600 makes rrule's own year
 * 9999 limit end the probe when nothing matches. Uses the parsed options so
 * rrule's defaults (e.g. BYMONTHDAY from the start date) are included.
 */
function assertDaysReachable(rule: RRule): void {
  const o = rule.options;
  const nth = (o.bynweekday ?? []).map(([day, n]) => new Weekday(day ?? 0, n));
  const weekdays = [...((o.byweekday as Ints) ?? []), ...nth];
  const monthdays = [...(o.bymonthday ?? []), ...(o.bynmonthday ?? [])];
  const filters: Partial<RRuleOptions> = {};
  if (weekdays.length > 0) filters.byweekday = weekdays;
  if (monthdays.length > 0) filters.bymonthday = monthdays;
  if (any(o.byyearday as Ints)) filters.byyearday = o.byyearday;
  if (any(o.byweekno as Ints)) filters.byweekno = o.byweekno;
  // BYMONTH alone always matches; nothing else to check.
  if (Object.keys(filters).length === 0) return;

  if (any(o.bymonth as Ints)) filters.bymonth = o.bymonth;
  // A monthly "3TU" means third Tuesday of the month; a yearly probe only
  // reads ordinals per month when BYMONTH is present.
  else if (o.freq === RRule.MONTHLY && nth.length > 0) {
    filters.bymonth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  }
  const probe = new RRule(
    {
      ...filters,
      freq: RRule.YEARLY,
      dtstart: new Date(Date.UTC(9600, 0, 1)),
      wkst: o.wkst,
      byhour: [0],
      byminute: [0],
      bysecond: [0],
    },
    true,
  );
  if (!matchesAnything(probe)) {
    throw new RecurrenceError('rrule-matches-nothing', 'No calendar date satisfies this RRULE');
  }
}

/**
 * INTERVAL and BYSETPOS can still rule out every day the filters allow
 * ("FREQ=DAILY;INTERVAL=7;BYDAY=TU" starting on a Monday). Replay the rule
 * itself, moved forward by whole 400-year cycles (same weekdays and leap
 * years) to start between 9200 and 9599, so rrule's year 9999 limit stops
 * the probe after at most ~800 years. A rule silent for 400 years is refused.
 */
function assertIntervalReachable(rule: RRule): void {
  const { interval, bysetpos, dtstart } = rule.options;
  if (interval <= 1 && !any(bysetpos as Ints)) return;
  const year = dtstart.getUTCFullYear();
  const shifted = new Date(dtstart.getTime());
  shifted.setUTCFullYear(year + 400 * Math.ceil((9200 - year) / 400));
  const probe = new RRule(
    { ...rule.origOptions, dtstart: shifted, count: null, until: null },
    true,
  );
  if (!matchesAnything(probe)) {
    throw new RecurrenceError(
      'rrule-matches-nothing',
      'This RRULE produces no occurrence within 400 years (check INTERVAL/BYSETPOS against the start date)',
    );
  }
}

function matchesAnything(probe: RRule): boolean {
  let found = false;
  probe.all(() => {
    found = true;
    return false;
  });
  return found;
}
