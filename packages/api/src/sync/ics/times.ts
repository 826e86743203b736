import type ICAL from 'ical.js';
import { IcsItemError } from './errors.js';

export type Property = ICAL.Property;
export type Component = ICAL.Component;

/**
 * A DATE or DATE-TIME value as written: its wall-clock reading and how its
 * zone is named. Read straight from ical.js's raw (jCal) value rather than as
 * an ICAL.Time, whose construction was the largest single cost of a parse.
 */
export interface Moment {
  prop: Property;
  /** The wall-clock reading encoded as if it were UTC ("floating ms"). */
  floating: number;
  isDate: boolean;
  /** Written with a trailing "Z". */
  utc: boolean;
  /** The TZID parameter, if any. */
  tzid: string | null;
  /** For a PERIOD value (RDATE;VALUE=PERIOD), its end or duration as written. */
  periodEnd?: string;
}

// ical.js keeps date and date-time values in jCal's extended form.
const DATE_OR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?$/;

/**
 * A DATE or DATE-TIME property (DTSTART, DTEND, RECURRENCE-ID), validated:
 * ical.js would silently roll "20261345" over into 2027-02-14. Returns null
 * when the property is absent.
 */
export function readMoment(component: Component, name: string): Moment | null {
  const prop = component.getFirstProperty(name);
  return prop ? momentOf(prop, prop.jCal[3], name) : null;
}

/**
 * Every value of a multi-valued DATE / DATE-TIME / PERIOD property (RDATE,
 * EXDATE), across all its lines; a PERIOD counts by its start.
 */
export function readMoments(component: Component, name: string): Moment[] {
  const moments: Moment[] = [];
  for (const prop of component.getAllProperties(name)) {
    for (const raw of prop.jCal.slice(3) as unknown[]) {
      const moment = momentOf(prop, Array.isArray(raw) ? raw[0] : raw, name);
      if (Array.isArray(raw) && typeof raw[1] === 'string') moment.periodEnd = raw[1];
      moments.push(moment);
    }
  }
  return moments;
}

export function momentOf(prop: Property, raw: unknown, name: string): Moment {
  const match = typeof raw === 'string' ? DATE_OR_DATE_TIME.exec(raw) : null;
  const floating = match ? realFloatingMs(match) : null;
  if (!match || floating === null) {
    throw new IcsItemError(`${name.toUpperCase()} is not a valid date or date-time`);
  }
  const tzid = prop.getParameter('tzid');
  return {
    prop,
    floating,
    isDate: match[4] === undefined,
    utc: match[7] === 'Z',
    tzid: typeof tzid === 'string' && tzid !== '' ? tzid : null,
  };
}

function realFloatingMs(match: RegExpExecArray): number | null {
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return null;
  // Years below 1000 are typos (Date.UTC even maps 0-99 onto the 1900s).
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
