import { IcsDocumentError } from './errors.js';

/**
 * Where one component lies in the document: its lines, by offset, with where
 * it began. Only offsets are kept: a 26 MB feed's blocks cost a few MB, not a
 * second (and, with its lines, a third) copy of the text.
 */
export interface Block {
  /** Offset in the document body of the first character of its BEGIN line. */
  start: number;
  /** Offset just past the last character of its last line (before that line's break). */
  end: number;
  /** 1-based physical line of its BEGIN, for rejection messages. */
  line: number;
  /** Set when the block's BEGIN/END nesting is broken; the block must not be parsed. */
  malformed: string | null;
}

export interface CalendarBlocks {
  /** Property lines directly inside VCALENDAR (NAME, X-WR-CALNAME, …), folding kept. */
  header: string[];
  timezones: Block[];
}

/**
 * The document's VEVENT blocks, in columns rather than one object each: a
 * feed of 100,000 events is held in 2 MB instead of 6 MB of objects, for
 * the whole parse (the parse worker's heap grows with what it holds live).
 */
export class EventBlocks {
  length = 0;
  // Offsets fit in 32 bits: V8's longest string is under 2^29 characters.
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private calendars = new Int32Array(1024);
  /** Why a block is malformed, for the few that are. */
  private readonly malformed = new Map<number, string>();

  push(calendar: number, block: Block): void {
    if (this.length === this.starts.length) {
      const grow = (column: Int32Array) => {
        const bigger = new Int32Array(column.length * 2);
        bigger.set(column);
        return bigger;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.lines = grow(this.lines);
      this.calendars = grow(this.calendars);
    }
    const i = this.length++;
    this.starts[i] = block.start;
    this.ends[i] = block.end;
    this.lines[i] = block.line;
    this.calendars[i] = calendar;
    if (block.malformed !== null) this.malformed.set(i, block.malformed);
  }

  block(i: number): Block {
    return {
      start: this.starts[i]!,
      end: this.ends[i]!,
      line: this.lines[i]!,
      malformed: this.malformed.get(i) ?? null,
    };
  }

  /** Index in SplitDocument.calendars of the VCALENDAR block i is in. */
  calendar(i: number): number {
    return this.calendars[i]!;
  }
}

export interface SplitDocument {
  /** The document without a leading BOM: what Block offsets refer to. */
  body: string;
  calendars: CalendarBlocks[];
  /** Every VEVENT directly inside a VCALENDAR, in document order. */
  events: EventBlocks;
}

/** A block's text with its line breaks (CRLF, LF or CR) written as LF, as the parser reads it. */
export function blockText(body: string, block: Block): string {
  const raw = body.slice(block.start, block.end);
  return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
}

/** A BEGIN/END line, matched where a line starts, without cutting the line out. */
const BEGIN_OR_END = /(BEGIN|END):([A-Za-z0-9-]+)[ \t]*(?=[\r\n]|$)/iy;

/**
 * Deepest nesting accepted. Real calendars nest three levels
 * (VCALENDAR > VEVENT > VALARM, VCALENDAR > VTIMEZONE > STANDARD); anything
 * far deeper is not a calendar and would only make the scan keep a long stack.
 */
export const MAX_NESTING = 12;

/**
 * The document's lines, one after another, as offsets: [start, end) of each
 * line and its 0-based index. A line break is CRLF, LF or a lone CR; the text
 * after the last break is a line too (empty when the document ends with one).
 */
class Lines {
  start = 0;
  end = 0;
  /** Where the line before this one ended. */
  previousEnd = 0;
  index = -1;
  private next = 0;
  private nl = -2;
  private cr = -2;

  constructor(private readonly body: string) {}

  advance(): boolean {
    if (this.next === -1) return false;
    const from = this.next;
    if (this.nl !== -1 && this.nl < from) this.nl = this.body.indexOf('\n', from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.body.indexOf('\r', from);
    const nl = this.nl === -1 ? Number.POSITIVE_INFINITY : this.nl;
    const cr = this.cr === -1 ? Number.POSITIVE_INFINITY : this.cr;
    this.previousEnd = this.end;
    this.start = from;
    this.index += 1;
    if (cr < nl) {
      this.end = cr;
      this.next = cr + 1 === nl ? nl + 1 : cr + 1;
    } else if (nl !== Number.POSITIVE_INFINITY) {
      this.end = nl;
      this.next = nl + 1;
    } else {
      this.end = this.body.length;
      this.next = -1;
    }
    return true;
  }

  text(): string {
    return this.body.slice(this.start, this.end);
  }
}

/**
 * Splits a document into VCALENDAR → VTIMEZONE / VEVENT blocks by scanning its
 * BEGIN/END lines, without parsing any property, and without cutting the
 * document into lines: one pass over the text records where each block lies.
 *
 * Why not hand the whole text to ical.js: ICAL.parse is all-or-nothing, and it
 * decodes values (RRULE, durations) while parsing, so one malformed line or
 * absurd RRULE in one VEVENT would sink the whole feed. Parsing each block on
 * its own keeps a bad VEVENT a rejection of that VEVENT (sync rule 6), while
 * document-level damage (not a calendar, truncated) still fails the document
 * (rule 1). The scan is one linear pass; folded lines start with a space or
 * tab and therefore can never be mistaken for BEGIN/END lines.
 *
 * Broken nesting inside a VEVENT/VTIMEZONE marks only that block; broken
 * nesting between them (a BEGIN whose END never comes, an END without its
 * BEGIN) means the document's structure cannot be trusted, so the whole
 * document is refused rather than read as a calendar with fewer events.
 */
export function splitDocument(text: string): SplitDocument {
  // A UTF-8 BOM survives decoding as U+FEFF; bare CR, LF and CRLF all occur.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new Lines(body);

  let first: string | undefined;
  while (lines.advance()) {
    const line = lines.text();
    if (line.trim() !== '') {
      first = line;
      break;
    }
  }
  if (first === undefined || !/^BEGIN:VCALENDAR[ \t]*$/i.test(first)) {
    throw new IcsDocumentError(describeNonCalendar(first));
  }

  const calendars: CalendarBlocks[] = [];
  const events = new EventBlocks();
  const stack: string[] = [];
  /** 1-based line of each open BEGIN, parallel to stack. */
  const openedAt: number[] = [];
  let calendar: CalendarBlocks | null = null;
  // The VEVENT/VTIMEZONE being cut out: where it began and whether it is damaged.
  let open: {
    kind: 'VEVENT' | 'VTIMEZONE';
    line: number;
    start: number;
    malformed: string | null;
  } | null = null;

  const close = (end: number) => {
    if (!open || !calendar) return;
    const block: Block = {
      start: open.start,
      end,
      line: open.line,
      malformed: open.malformed,
    };
    if (open.kind === 'VEVENT') events.push(calendars.length - 1, block);
    else calendar.timezones.push(block);
    open = null;
  };

  // The first line (BEGIN:VCALENDAR) is the current one: read it, then the rest.
  do {
    const i = lines.index;
    if (lines.start === lines.end) continue;
    const firstChar = body.charCodeAt(lines.start);
    const continuation = firstChar === 0x20 || firstChar === 0x09;
    let match: RegExpExecArray | null = null;
    if (!continuation) {
      BEGIN_OR_END.lastIndex = lines.start;
      match = BEGIN_OR_END.exec(body);
      if (match && BEGIN_OR_END.lastIndex !== lines.end) match = null;
    }

    if (!match) {
      // A property line (or its continuation): header lines are kept for the
      // calendar name; lines inside blocks are already covered by the block.
      if (calendar && stack.length === 1) calendar.header.push(lines.text());
      continue;
    }

    const name = match[2]!.toUpperCase();
    if (match[1]!.toUpperCase() === 'BEGIN') {
      if (stack.length === 0) {
        if (name !== 'VCALENDAR') continue; // stray text between calendars
        calendar = { header: [], timezones: [] };
        calendars.push(calendar);
      } else if (stack.length === 1 && (name === 'VEVENT' || name === 'VTIMEZONE')) {
        open = { kind: name, line: i + 1, start: lines.start, malformed: null };
      }
      if (stack.length >= MAX_NESTING) {
        throw new IcsDocumentError(
          `invalid structure: components nested more than ${MAX_NESTING} deep at line ${i + 1}`,
        );
      }
      stack.push(name);
      openedAt.push(i + 1);
      continue;
    }

    // END:name
    const at = stack.lastIndexOf(name);
    if (at === -1) {
      if (open) open.malformed = `END:${name} without a matching BEGIN`;
      else if (stack.length > 0) {
        throw new IcsDocumentError(`invalid structure: END:${name} at line ${i + 1} has no BEGIN`);
      }
      continue;
    }
    if (at !== stack.length - 1) {
      // The innermost component that was never closed.
      if (!open) {
        throw new IcsDocumentError(
          `invalid structure: BEGIN:${stack.at(-1)} at line ${openedAt.at(-1)} has no matching END`,
        );
      }
      open.malformed = `BEGIN:${stack.at(-1)} without a matching END`;
    }
    stack.length = at;
    openedAt.length = at;
    if (stack.length <= 1 && open) {
      // The block ends here if this is its own END, else on the line before.
      close(stack.length === 1 && name === open.kind ? lines.end : lines.previousEnd);
    }
  } while (lines.advance());

  if (stack.length > 0) {
    throw new IcsDocumentError(
      `truncated: the document ends inside ${stack.at(-1)} (no END:VCALENDAR)`,
    );
  }
  return { body, calendars, events };
}

/** Says what the body looks like instead, without echoing it (it may be anything). */
function describeNonCalendar(firstLine: string | undefined): string {
  if (firstLine === undefined) return 'not an iCalendar document: the body is empty';
  if (/^\s*</.test(firstLine)) {
    return 'not an iCalendar document: the body looks like an HTML or XML page';
  }
  return 'not an iCalendar document: it does not start with BEGIN:VCALENDAR';
}
