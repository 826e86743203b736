import ICAL from 'ical.js';
import { Collector } from './collector.js';
import { IcsItemError } from './errors.js';
import { readSequence } from './event-facts.js';
import { type ExpandContext, expandEvent, expandOrphan, type Master } from './expand-event.js';
import { MAX_CALENDAR_NAME, MAX_UID } from './limits.js';
import { safeReason } from './reasons.js';
import { takeRules } from './rule-lines.js';
import { type Block, splitDocument } from './split-document.js';
import { languageTag } from './text-fields.js';
import { type Component, readMoment } from './times.js';
import type { IcsParseOptions, IcsParseResult } from './types.js';
import { ZoneBook } from './zone-book.js';
import { canonicalIana } from './zone-names.js';

/** A UID's VEVENTs: the master (null when the feed has only overrides) and its overrides. */
interface Unit {
  uid: string;
  master: Master | null;
  overrides: Component[];
}

/**
 * Parses an iCalendar document into items, one per event occurrence inside
 * options.window. Synchronous and pure; untrusted input should go through
 * parseIcsIsolated, which adds a time and memory budget.
 *
 * Throws IcsDocumentError when the document as a whole is unusable; a bad
 * VEVENT is only listed in `rejected`.
 */
export function parseIcs(text: string, options: IcsParseOptions): IcsParseResult {
  const ctx = contextFor(options);
  const calendars = splitDocument(text);
  const out = new Collector(options.maxEvents);

  // One pass over all VEVENTs groups overrides with their master by UID.
  const units = new Map<string, Unit>();
  let calendarName: string | null = null;
  for (const calendar of calendars) {
    calendarName ??= readCalendarName(calendar.header);
    const shell = calendarShell(calendar.timezones);
    for (const block of calendar.events) group(block, shell, units, out);
  }

  for (const unit of units.values()) {
    if (out.full) break;
    if (unit.master) {
      // Equal RECURRENCE-IDs: the last one wins, so the highest SEQUENCE does.
      const overrides = unit.overrides.sort((a, b) => readSequence(a) - readSequence(b));
      alone(unit.uid, out, () => {
        const { items, rejected } = expandEvent(unit.uid, unit.master!, overrides, ctx);
        for (const r of rejected) out.reject(r.uid, r.reason);
        out.add(items);
      });
    } else {
      // Highest SEQUENCE first: the collector keeps the first item per recurrence id.
      const overrides = unit.overrides.sort((a, b) => readSequence(b) - readSequence(a));
      for (const override of overrides.slice(0, ctx.maxOccurrences)) {
        alone(unit.uid, out, () => out.add(expandOrphan(unit.uid, override, ctx)));
      }
    }
  }
  return out.result(calendarName);
}

/**
 * Runs the import of one event. Anything going wrong inside it, even an
 * internal error of a library, rejects that event only (sync rule 6).
 */
function alone(uid: string, out: Collector, run: () => void): void {
  try {
    run();
  } catch (error) {
    out.reject(uid, error instanceof IcsItemError ? error.message : safeReason(error));
  }
}

function contextFor(options: IcsParseOptions): ExpandContext {
  const fromMs = options.window.from.getTime();
  const toMs = options.window.to.getTime();
  if (!(fromMs < toMs)) throw new TypeError('parseIcs: window.from must be before window.to');
  for (const key of ['maxOccurrencesPerEvent', 'maxEvents'] as const) {
    if (!Number.isSafeInteger(options[key]) || options[key] < 1) {
      throw new TypeError(`parseIcs: ${key} must be a positive integer`);
    }
  }
  const zone = canonicalIana(options.defaultTimeZone);
  if (!zone) throw new TypeError('parseIcs: defaultTimeZone must be an IANA time zone');
  const language = languageTag(options.defaultLanguage);
  if (!language) throw new TypeError('parseIcs: defaultLanguage must be a BCP 47 tag');
  return {
    zones: new ZoneBook(zone),
    defaultLanguage: language,
    fromMs,
    toMs,
    maxOccurrences: options.maxOccurrencesPerEvent,
  };
}

/** Parses one VEVENT block and files it under its UID; a bad block is rejected alone. */
function group(block: Block, shell: Component, units: Map<string, Unit>, out: Collector): void {
  const where = `VEVENT at line ${block.line}`;
  if (block.malformed) {
    out.reject(uidInText(block.text), `malformed ${where}: ${block.malformed}`);
    return;
  }
  const { text, rrules, exrules } = takeRules(block.text);
  let event: Component;
  try {
    event = new ICAL.Component(ICAL.parse(text) as unknown[], shell);
  } catch (error) {
    out.reject(uidInText(block.text), `unreadable ${where}: ${safeReason(error)}`);
    return;
  }

  const rawUid = event.getFirstPropertyValue('uid');
  const uid = typeof rawUid === 'string' ? rawUid.trim() : '';
  if (uid === '') {
    out.reject(null, `${where} has no UID`);
    return;
  }
  if (uid.length > MAX_UID) {
    out.reject(uid, `UID is longer than ${MAX_UID} characters`);
    return;
  }

  let unit = units.get(uid);
  if (!unit) {
    unit = { uid, master: null, overrides: [] };
    units.set(uid, unit);
  }
  if (event.hasProperty('recurrence-id')) {
    try {
      readMoment(event, 'recurrence-id');
    } catch (error) {
      out.reject(uid, error instanceof IcsItemError ? error.message : safeReason(error));
      return;
    }
    unit.overrides.push(event);
  } else if (exrules > 0) {
    // EXRULE was removed from iCalendar by RFC 5545; guessing at it could import occurrences that were excluded.
    out.reject(uid, 'EXRULE is not supported (RFC 5545 removed it); use EXDATE');
  } else if (!unit.master) {
    unit.master = { component: event, rrules };
  } else {
    // The same UID twice: keep the newer revision (higher SEQUENCE, else the first).
    if (readSequence(event) > readSequence(unit.master.component)) {
      unit.master = { component: event, rrules };
    }
    out.reject(
      uid,
      `duplicate UID (${where}): only the copy with the highest SEQUENCE (else the first) is imported`,
    );
  }
}

/**
 * The VCALENDAR an event is parsed under: only its VTIMEZONEs, which ical.js
 * looks up through the parent when it reads a TZID. Events are deliberately
 * not added to it, so nothing in ical.js can scan across all of them.
 */
function calendarShell(timezones: Block[]): Component {
  const shell = new ICAL.Component(['vcalendar', [], []]);
  for (const block of timezones) {
    if (block.malformed) continue;
    try {
      const zone = new ICAL.Component(ICAL.parse(block.text) as unknown[]);
      const tzid = zone.getFirstPropertyValue('tzid');
      // ical.js dereferences TZID on every VTIMEZONE it searches; one without would crash lookups.
      if (zone.name === 'vtimezone' && typeof tzid === 'string' && tzid !== '') {
        shell.addSubcomponent(zone);
      }
    } catch {
      // An unreadable VTIMEZONE is skipped: its TZID may still be a known IANA or Windows name.
    }
  }
  return shell;
}

function readCalendarName(header: string[]): string | null {
  if (header.length === 0) return null;
  try {
    const calendar = new ICAL.Component(
      ICAL.parse(`BEGIN:VCALENDAR\n${header.join('\n')}\nEND:VCALENDAR`) as unknown[],
    );
    const name =
      calendar.getFirstPropertyValue('name') ?? calendar.getFirstPropertyValue('x-wr-calname');
    if (typeof name !== 'string') return null;
    const clean = name.replace(/\s+/g, ' ').trim().slice(0, MAX_CALENDAR_NAME);
    return clean === '' ? null : clean;
  } catch {
    return null;
  }
}

/** The UID of a block ical.js could not parse, best effort, for the rejection record. */
function uidInText(text: string): string | null {
  const match = /^UID(?:;[^:\n]*)?:(.*)$/im.exec(text);
  const uid = match?.[1]?.trim();
  return uid ? uid.slice(0, MAX_UID) : null;
}
