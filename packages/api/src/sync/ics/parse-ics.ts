import ICAL from 'ical.js';
import { Collector } from './collector.js';
import { IcsItemError } from './errors.js';
import { readSequence } from './event-facts.js';
import { type ExpandContext, expandEvent, expandOrphan, type Master } from './expand-event.js';
import { MAX_CALENDAR_NAME, MAX_UID } from './limits.js';
import { safeReason } from './reasons.js';
import { takeRules } from './rule-lines.js';
import { type Block, blockText, type EventBlocks, splitDocument } from './split-document.js';
import { languageTag } from './text-fields.js';
import { type Component, readMoment } from './times.js';
import type { IcsItem, IcsParseOptions, IcsParseResult } from './types.js';
import { ZoneBook } from './zone-book.js';
import { canonicalIana } from './zone-names.js';

/** A VEVENT block (where it lies in the document) and the calendar it came from (its VTIMEZONEs). */
interface Entry {
  block: Block;
  shell: Component;
}

/** A UID's VEVENT blocks, still unparsed: masters (normally one) and RECURRENCE-ID overrides. */
interface Unit {
  uid: string;
  masters: Entry[];
  overrides: Entry[];
}

/**
 * VEVENT blocks filed by UID, in the order UIDs first appear. Nearly every UID
 * has one block, so a UID maps to the index of its first block (a small
 * integer kept in the map itself, not an object of its own); only a UID with
 * more blocks (overrides, duplicates) has a list of the others. For 100,000
 * events the index and its UIDs take about 7 MB, where Unit and Entry objects
 * took about 24 MB.
 */
class UidIndex {
  readonly first = new Map<string, number>();
  private readonly more = new Map<string, number[]>();
  /** 1 where a block holds a RECURRENCE-ID (an override), by block index. */
  private readonly override: Uint8Array;

  constructor(private readonly events: EventBlocks) {
    this.override = new Uint8Array(events.length);
  }

  add(uid: string, block: number, override: boolean): void {
    if (override) this.override[block] = 1;
    if (!this.first.has(uid)) {
      this.first.set(uid, block);
      return;
    }
    const others = this.more.get(uid);
    if (others) others.push(block);
    else this.more.set(uid, [block]);
  }

  /** The UID's blocks as a unit, taken out of the index. */
  take(uid: string, first: number, shells: Component[]): Unit {
    const unit: Unit = { uid, masters: [], overrides: [] };
    for (const i of [first, ...(this.more.get(uid) ?? [])]) {
      const entry = { block: this.events.block(i), shell: shells[this.events.calendar(i)]! };
      (this.override[i] === 1 ? unit.overrides : unit.masters).push(entry);
    }
    this.first.delete(uid);
    this.more.delete(uid);
    return unit;
  }
}

/**
 * Parses an iCalendar document into items, one per event occurrence inside
 * options.window. Synchronous and pure; untrusted input should go through
 * parseIcsIsolated, which adds a time and memory budget.
 *
 * Memory stays proportional to the text plus one UID's events: blocks are
 * found by offset (the document is never cut into lines or copies), grouped
 * by UID read from their text, and each UID is cut out, parsed, expanded and
 * dropped in turn. With `sink`, items are handed over in batches as they are
 * made (and not returned), so a caller can pass them on without holding two
 * copies.
 *
 * Throws IcsDocumentError when the document as a whole is unusable; a bad
 * VEVENT is only listed in `rejected`.
 */
export function parseIcs(
  text: string,
  options: IcsParseOptions,
  sink?: (items: IcsItem[]) => void,
): IcsParseResult {
  const ctx = contextFor(options);
  const { body, calendars, events } = splitDocument(text);
  const out = new Collector(options.maxEvents, sink);

  let calendarName: string | null = null;
  for (const calendar of calendars) calendarName ??= readCalendarName(calendar.header);
  const shells = calendars.map((calendar) => calendarShell(body, calendar.timezones));

  // One pass over all VEVENT blocks groups overrides with their master by UID.
  const units = new UidIndex(events);
  for (let i = 0; i < events.length; i++) group(body, events, i, units, out);

  for (const [uid, first] of units.first) {
    if (out.full) break;
    const unit = units.take(uid, first, shells);
    const master = pickMaster(body, unit, out);
    const overrides = unit.overrides.flatMap((entry) => readOverride(body, unit.uid, entry, out));
    if (master) {
      // Equal RECURRENCE-IDs: the last one wins, so the highest SEQUENCE does.
      overrides.sort((a, b) => readSequence(a) - readSequence(b));
      alone(unit.uid, out, () => {
        const { items, rejected } = expandEvent(unit.uid, master, overrides, ctx);
        for (const r of rejected) out.reject(r.uid, r.reason);
        out.add(items);
      });
    } else if (unit.masters.length === 0) {
      // Highest SEQUENCE first: the collector keeps the first item per recurrence id.
      overrides.sort((a, b) => readSequence(b) - readSequence(a));
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

/** Files VEVENT block i under its UID, read from its text; a block without a usable UID is rejected. */
function group(
  body: string,
  events: EventBlocks,
  i: number,
  units: UidIndex,
  out: Collector,
): void {
  const block = events.block(i);
  const where = `VEVENT at line ${block.line}`;
  const text = blockText(body, block);
  const uid = uidInText(text);
  if (block.malformed) {
    out.reject(uid?.slice(0, MAX_UID) ?? null, `malformed ${where}: ${block.malformed}`);
    return;
  }
  if (uid === null) {
    out.reject(null, `${where} has no UID`);
    return;
  }
  if (uid.length > MAX_UID) {
    out.reject(uid, `UID is longer than ${MAX_UID} characters`);
    return;
  }
  units.add(uid, i, RECURRENCE_ID_LINE.test(text));
}

/** Parses one VEVENT block; a block ical.js cannot read is rejected alone. */
function parseBlock(body: string, uid: string, entry: Entry, out: Collector): ParsedBlock | null {
  const { text, rrules, exrules } = takeRules(blockText(body, entry.block));
  try {
    const component = new ICAL.Component(ICAL.parse(text) as unknown[], entry.shell);
    return { component, rrules, exrules };
  } catch (error) {
    out.reject(uid, `unreadable VEVENT at line ${entry.block.line}: ${safeReason(error)}`);
    return null;
  }
}

interface ParsedBlock {
  component: Component;
  rrules: string[];
  exrules: number;
}

/** The master of a UID: the copy with the highest SEQUENCE, else the first; the others are rejected. */
function pickMaster(body: string, unit: Unit, out: Collector): Master | null {
  let best: ParsedBlock | null = null;
  let rejectedOne = false;
  for (const entry of unit.masters) {
    const parsed = parseBlock(body, unit.uid, entry, out);
    if (!parsed) {
      rejectedOne = true;
      continue;
    }
    if (parsed.exrules > 0) {
      // RFC 5545 removed EXRULE; guessing at it could import occurrences that were excluded.
      out.reject(unit.uid, 'EXRULE is not supported (RFC 5545 removed it); use EXDATE');
      rejectedOne = true;
      continue;
    }
    if (best) {
      if (readSequence(parsed.component) > readSequence(best.component)) best = parsed;
      out.reject(
        unit.uid,
        `duplicate UID (VEVENT at line ${entry.block.line}): only the copy with the highest SEQUENCE (else the first) is imported`,
      );
    } else {
      best = parsed;
    }
  }
  // A master that could not be read leaves its overrides unimported too (not as orphans).
  if (!best && rejectedOne) unit.overrides.length = 0;
  return best && { component: best.component, rrules: best.rrules };
}

function readOverride(body: string, uid: string, entry: Entry, out: Collector): Component[] {
  const parsed = parseBlock(body, uid, entry, out);
  if (!parsed) return [];
  try {
    readMoment(parsed.component, 'recurrence-id');
  } catch (error) {
    out.reject(uid, error instanceof IcsItemError ? error.message : safeReason(error));
    return [];
  }
  return [parsed.component];
}

/**
 * The VCALENDAR an event is parsed under: only its VTIMEZONEs, which ical.js
 * looks up through the parent when it reads a TZID. Events are deliberately
 * not added to it, so nothing in ical.js can scan across all of them.
 */
function calendarShell(body: string, timezones: Block[]): Component {
  const shell = new ICAL.Component(['vcalendar', [], []]);
  for (const block of timezones) {
    if (block.malformed) continue;
    try {
      const zone = new ICAL.Component(ICAL.parse(blockText(body, block)) as unknown[]);
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

const RECURRENCE_ID_LINE = /^RECURRENCE-ID[;:]/im;
const UID_LINE = /^UID(?:;[^:\n]*)?:(.*)$/im;

/**
 * The UID of a VEVENT block, read from its text as ical.js would read it
 * (folding undone, TEXT escapes decoded, trimmed); null when absent or empty.
 */
function uidInText(text: string): string | null {
  const match = UID_LINE.exec(text);
  if (!match) return null;
  let value = match[1]!;
  // Continuation lines start with a space or tab, which unfolding removes.
  let at = match.index + match[0].length;
  while (text[at] === '\n' && (text[at + 1] === ' ' || text[at + 1] === '\t')) {
    const end = text.indexOf('\n', at + 1);
    value += text.slice(at + 2, end === -1 ? undefined : end);
    at = end === -1 ? text.length : end;
  }
  const uid = value
    .replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
    .trim();
  if (uid === '') return null;
  // A copy of its own: cut out of the block's text, the UID would keep that whole text alive
  // (V8 slices share their parent) in the map of UIDs, for every event until the end of the parse.
  return JSON.parse(JSON.stringify(uid)) as string;
}
