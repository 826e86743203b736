import { IcsDocumentError } from './errors.js';

/** The text of one component, cut out of the document, with where it began. */
export interface Block {
  text: string;
  /** 1-based physical line of its BEGIN, for rejection messages. */
  line: number;
  /** Set when the block's BEGIN/END nesting is broken; the block must not be parsed. */
  malformed: string | null;
}

export interface CalendarBlocks {
  /** Property lines directly inside VCALENDAR (NAME, X-WR-CALNAME, …), folding kept. */
  header: string[];
  timezones: Block[];
  events: Block[];
}

const BEGIN_OR_END = /^(BEGIN|END):([A-Za-z0-9-]+)[ \t]*$/i;

/**
 * Deepest nesting accepted. Real calendars nest three levels
 * (VCALENDAR > VEVENT > VALARM, VCALENDAR > VTIMEZONE > STANDARD); anything
 * far deeper is not a calendar and would only make the scan keep a long stack.
 */
export const MAX_NESTING = 12;

/**
 * Splits a document into VCALENDAR → VTIMEZONE / VEVENT blocks by scanning its
 * BEGIN/END lines, without parsing any property.
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
export function splitDocument(text: string): CalendarBlocks[] {
  // A UTF-8 BOM survives decoding as U+FEFF; bare CR, LF and CRLF all occur.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);

  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i += 1;
  const first = lines[i];
  if (first === undefined || !/^BEGIN:VCALENDAR[ \t]*$/i.test(first)) {
    throw new IcsDocumentError(describeNonCalendar(first));
  }

  const calendars: CalendarBlocks[] = [];
  const stack: string[] = [];
  /** 1-based line of each open BEGIN, parallel to stack. */
  const openedAt: number[] = [];
  let calendar: CalendarBlocks | null = null;
  // The VEVENT/VTIMEZONE being cut out: where it began and whether it is damaged.
  let open: { kind: 'VEVENT' | 'VTIMEZONE'; start: number; malformed: string | null } | null = null;

  const close = (end: number) => {
    if (!open || !calendar) return;
    const block: Block = {
      text: lines.slice(open.start, end + 1).join('\n'),
      line: open.start + 1,
      malformed: open.malformed,
    };
    (open.kind === 'VEVENT' ? calendar.events : calendar.timezones).push(block);
    open = null;
  };

  for (; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line === '') continue;
    const first = line.charCodeAt(0);
    const continuation = first === 0x20 || first === 0x09;
    const match = continuation ? null : BEGIN_OR_END.exec(line);

    if (!match) {
      // A property line (or its continuation): header lines are kept for the
      // calendar name; lines inside blocks are already covered by the block.
      if (calendar && stack.length === 1) calendar.header.push(line);
      continue;
    }

    const name = match[2]!.toUpperCase();
    if (match[1]!.toUpperCase() === 'BEGIN') {
      if (stack.length === 0) {
        if (name !== 'VCALENDAR') continue; // stray text between calendars
        calendar = { header: [], timezones: [], events: [] };
        calendars.push(calendar);
      } else if (stack.length === 1 && (name === 'VEVENT' || name === 'VTIMEZONE')) {
        open = { kind: name, start: i, malformed: null };
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
      close(stack.length === 1 && name === open.kind ? i : i - 1);
    }
  }

  if (stack.length > 0) {
    throw new IcsDocumentError(
      `truncated: the document ends inside ${stack.at(-1)} (no END:VCALENDAR)`,
    );
  }
  return calendars;
}

/** Says what the body looks like instead, without echoing it (it may be anything). */
function describeNonCalendar(firstLine: string | undefined): string {
  if (firstLine === undefined) return 'not an iCalendar document: the body is empty';
  if (/^\s*</.test(firstLine)) {
    return 'not an iCalendar document: the body looks like an HTML or XML page';
  }
  return 'not an iCalendar document: it does not start with BEGIN:VCALENDAR';
}
