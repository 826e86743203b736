import { RecurrenceError } from './errors.js';
import { type LocalDateTime, parseLocalDateTime, toFloatingMs } from './local-time.js';
import { RRule, type RRuleOptions, type Weekday } from './rrule-lib.js';

/**
 * UNTIL is kept out of the rrule options and applied by expandSeries on real
 * instants: rrule ignores the "Z" suffix, and comparing floating values would
 * misjudge occurrences in the repeated hour at the end of summer time.
 */
export type Until =
  | { kind: 'instant'; ms: number } // "…Z": a UTC instant
  | { kind: 'local'; local: LocalDateTime } // floating: wall clock in the series zone
  | { kind: 'date'; local: LocalDateTime }; // date only: inclusive to the end of that local day

export interface ParsedRule {
  options: Partial<RRuleOptions>;
  until?: Until;
}

const FREQUENCIES = {
  YEARLY: RRule.YEARLY,
  MONTHLY: RRule.MONTHLY,
  WEEKLY: RRule.WEEKLY,
  DAILY: RRule.DAILY,
  HOURLY: RRule.HOURLY,
  MINUTELY: RRule.MINUTELY,
  SECONDLY: RRule.SECONDLY,
} as const;
type FrequencyName = keyof typeof FREQUENCIES;

const WEEKDAYS: Record<string, Weekday> = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
};

const UNTIL_PATTERN = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;
const BYDAY_PATTERN = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/**
 * Strict RFC 5545 RRULE parser. rrule's own parser is lenient in ways that
 * hide mistakes ("BYMONTH=13", "BYDAY=XX" and unknown FREQ values parse
 * without complaint and silently change the schedule), and it honours
 * DTSTART/TZID inside the rule, which would fight the series' own fields.
 */
export function parseRRule(value: string, allDay: boolean): ParsedRule {
  const body = value
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  const parts = body.split(';');
  if (parts.at(-1) === '' && parts.length > 1) parts.pop();

  const seen = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    if (eq <= 0 || eq === part.length - 1) fail(`"${part}" is not NAME=VALUE`);
    if (seen.has(name)) fail(`${name} appears more than once`);
    seen.set(name, part.slice(eq + 1));
  }

  const freqName = seen.get('FREQ');
  if (freqName === undefined) fail('FREQ is required');
  if (!Object.hasOwn(FREQUENCIES, freqName)) fail(`FREQ=${freqName} is not a frequency`);
  const freq = FREQUENCIES[freqName as FrequencyName];
  const options: Partial<RRuleOptions> = { freq };
  let until: Until | undefined;

  for (const [name, raw] of seen) {
    switch (name) {
      case 'FREQ':
        break;
      case 'INTERVAL':
        options.interval = positiveInteger(name, raw);
        break;
      case 'COUNT':
        options.count = positiveInteger(name, raw);
        break;
      case 'UNTIL':
        until = parseUntil(raw);
        break;
      case 'BYSECOND':
        options.bysecond = ascending(integers(name, raw, 0, 59, false));
        break;
      case 'BYMINUTE':
        options.byminute = ascending(integers(name, raw, 0, 59, false));
        break;
      case 'BYHOUR':
        options.byhour = ascending(integers(name, raw, 0, 23, false));
        break;
      case 'BYDAY':
        options.byweekday = raw.split(',').map((item) => weekday(item, freqName, seen));
        break;
      case 'BYMONTHDAY':
        if (freqName === 'WEEKLY') fail('BYMONTHDAY cannot be used with FREQ=WEEKLY');
        options.bymonthday = integers(name, raw, 1, 31, true);
        break;
      case 'BYYEARDAY':
        if (['MONTHLY', 'WEEKLY', 'DAILY'].includes(freqName)) {
          fail(`BYYEARDAY cannot be used with FREQ=${freqName}`);
        }
        options.byyearday = integers(name, raw, 1, 366, true);
        break;
      case 'BYWEEKNO':
        if (freqName !== 'YEARLY') fail('BYWEEKNO can only be used with FREQ=YEARLY');
        options.byweekno = integers(name, raw, 1, 53, true);
        break;
      case 'BYMONTH':
        options.bymonth = integers(name, raw, 1, 12, false);
        break;
      case 'BYSETPOS':
        options.bysetpos = integers(name, raw, 1, 366, true);
        break;
      case 'WKST': {
        const day = Object.hasOwn(WEEKDAYS, raw) ? WEEKDAYS[raw] : undefined;
        if (!day) fail(`WKST=${raw} is not a weekday`);
        options.wkst = day;
        break;
      }
      default:
        fail(`${name} is not a supported RRULE part`);
    }
  }

  if (options.count !== undefined && until) fail('COUNT and UNTIL cannot both be set');
  if (options.bysetpos && ![...seen.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) {
    fail('BYSETPOS needs another BYxxx part to select from');
  }
  if (allDay && (freq > RRule.DAILY || options.byhour || options.byminute || options.bysecond)) {
    fail('an all-day series cannot repeat more often than daily or set BYHOUR/BYMINUTE/BYSECOND');
  }
  return until ? { options, until } : { options };
}

/**
 * rrule builds each day's times from BYHOUR/BYMINUTE/BYSECOND in the order
 * written and BYSETPOS then counts positions in that order, so
 * "BYHOUR=3,1;BYSETPOS=1" picked 03:00. python-dateutil sorts them (found by
 * the differential test); sorting here gives rrule the same reading.
 */
function ascending(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function fail(message: string): never {
  throw new RecurrenceError('invalid-rrule', `Invalid RRULE: ${message}`);
}

function positiveInteger(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) fail(`${name}=${raw} must be a positive integer`);
  return Number(raw);
}

function integers(name: string, raw: string, min: number, max: number, signed: boolean): number[] {
  return raw.split(',').map((item) => {
    const ok = signed ? /^[+-]?\d{1,3}$/.test(item) : /^\d{1,2}$/.test(item);
    const n = Number(item);
    if (!ok || Math.abs(n) < min || Math.abs(n) > max) {
      fail(`${name}=${raw}: "${item}" must be ${signed ? '±' : ''}${min}..${max}`);
    }
    return n;
  });
}

function weekday(item: string, freqName: string, seen: Map<string, string>): Weekday {
  const match = BYDAY_PATTERN.exec(item);
  const day = match?.[2] ? WEEKDAYS[match[2]] : undefined;
  if (!match || !day) fail(`BYDAY value "${item}" is not a weekday such as TU or 3TU`);
  if (match[1] === undefined) return day;
  const n = Number(match[1]);
  if (n === 0 || Math.abs(n) > 53) fail(`BYDAY value "${item}" needs an ordinal of ±1..53`);
  // RFC 5545: ordinals only mean something within a month or year. rrule
  // would quietly drop "3TU" to "every TU" for a weekly rule.
  if (freqName !== 'MONTHLY' && freqName !== 'YEARLY') {
    fail(`BYDAY ordinal "${item}" needs FREQ=MONTHLY or FREQ=YEARLY`);
  }
  if (freqName === 'YEARLY' && seen.has('BYWEEKNO')) {
    fail(`BYDAY ordinal "${item}" cannot be combined with BYWEEKNO`);
  }
  return day.nth(n);
}

function parseUntil(raw: string): Until {
  const match = UNTIL_PATTERN.exec(raw);
  if (!match) fail(`UNTIL=${raw} must be YYYYMMDD or YYYYMMDDTHHMMSS[Z]`);
  const [, y, mo, d, h, mi, s, z] = match;
  const text = `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}`;
  const local = parseLocalDateTime(text, 'invalid-rrule');
  if (h === undefined) return { kind: 'date', local };
  if (z) return { kind: 'instant', ms: toFloatingMs(local) };
  return { kind: 'local', local };
}
