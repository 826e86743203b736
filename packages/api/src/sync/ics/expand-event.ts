import { expandRecurrenceSet, RecurrenceError, type Start } from '../../recurrence/index.js';
import { IcsItemError } from './errors.js';
import { type EventFacts, readFacts } from './event-facts.js';
import { safeReason } from './reasons.js';
import { type Component, type Moment, readMoment, readMoments } from './times.js';
import { defaultSpan, endOf, type Placed, periodSpan, placeMoment, type Span } from './timing.js';
import type { IcsItem, IcsRejection } from './types.js';
import type { ZoneBook } from './zone-book.js';
import type { WallClock } from './zone-clock.js';

const DAY_MS = 86_400_000;

export interface ExpandContext {
  zones: ZoneBook;
  defaultLanguage: string;
  fromMs: number;
  toMs: number;
  maxOccurrences: number;
}

export interface Expanded {
  items: IcsItem[];
  /** Overrides rejected on their own; the rest of the series still imports. */
  rejected: IcsRejection[];
}

/** The master VEVENT of a UID and its RRULE values (cut out of its text, see rule-lines.ts). */
export interface Master {
  component: Component;
  rrules: string[];
}

/** An occurrence start, with the clock it was written in (RDATEs may name another zone). */
interface PlacedStart extends Start {
  clock: WallClock;
  /** An RDATE PERIOD's own length; otherwise the event's. */
  span: Span | null;
}

interface Override {
  component: Component;
  /** The instant of the occurrence it replaces (its RECURRENCE-ID). */
  original: Placed;
}

/**
 * One UID: its master VEVENT and the RECURRENCE-ID overrides grouped with it,
 * turned into items inside the window. Throws IcsItemError when the master
 * itself is unusable, including a recurrence the engine refuses (the caller
 * rejects the UID, which keeps its previous version: never a removal).
 *
 * The recurrence set (RRULE, RDATE, EXDATE, DTSTART) is expanded by the same
 * engine as the API's own series (src/recurrence), in the wall clock of
 * DTSTART's zone.
 */
export function expandEvent(
  uid: string,
  master: Master,
  overrides: Component[],
  ctx: ExpandContext,
): Expanded {
  const facts = readFacts(master.component, ctx.zones, ctx.defaultLanguage);
  const rejected: IcsRejection[] = [];
  const rdates = readMoments(master.component, 'rdate');

  if (master.rrules.length === 0 && rdates.length === 0) {
    for (const _ of overrides) {
      rejected.push({ uid, reason: 'RECURRENCE-ID override of an event that does not recur' });
    }
    const { start } = facts;
    const item = itemIfInWindow(uid, null, facts, start, endOf(start, spanOf(facts)), ctx);
    return { items: item ? [item] : [], rejected };
  }
  const series = new Series(uid, facts, ctx, rejected, overrides);
  return {
    items: series.expand(master.rrules, rdates, readMoments(master.component, 'exdate')),
    rejected,
  };
}

class Series {
  private readonly items: IcsItem[] = [];
  private readonly masterSpan: Span;
  private readonly home: WallClock;
  /** Plain overrides by the instant of the occurrence they replace. */
  private readonly byInstant = new Map<number, Override>();
  /** RANGE=THISANDFUTURE overrides, by the instant they take effect, earliest first. */
  private readonly ranges: Override[] = [];
  /** Facts per override, read on first use; null when the override was rejected. */
  private readonly overrideFacts = new Map<Override, EventFacts | null>();
  private readonly used = new Set<Override>();

  constructor(
    private readonly uid: string,
    private readonly facts: EventFacts,
    private readonly ctx: ExpandContext,
    private readonly rejected: IcsRejection[],
    overrides: Component[],
  ) {
    this.masterSpan = spanOf(facts);
    this.home = facts.start.clock;
    // Matched by instant, so a RECURRENCE-ID written in UTC finds a zoned
    // occurrence; a floating RECURRENCE-ID is read like the series' DTSTART.
    // Overrides come lowest SEQUENCE first: for equal RECURRENCE-IDs the last one wins.
    for (const component of overrides) {
      const recurrence = readMoment(component, 'recurrence-id');
      if (!recurrence) continue;
      const override = { component, original: placeMoment(recurrence, ctx.zones, this.home) };
      const range = recurrence.prop.getParameter('range');
      if (typeof range === 'string' && range.toUpperCase() === 'THISANDFUTURE') {
        this.ranges.push(override);
      } else {
        this.byInstant.set(override.original.instant, override);
      }
    }
    this.ranges.sort((a, b) => a.original.instant - b.original.instant);
  }

  expand(rrules: string[], rdateMoments: Moment[], exdateMoments: Moment[]): IcsItem[] {
    const { ctx, facts, home } = this;
    const rdates = rdateMoments.map((moment): PlacedStart => {
      const placed = placeMoment(moment, ctx.zones, home);
      return {
        floatingMs: placed.floating,
        instantMs: placed.instant,
        clock: placed.clock,
        span: periodSpan(moment, placed, ctx.zones),
      };
    });
    const exdates = exdateMoments.map((moment) => this.excludedInstant(moment));
    // Occurrences that began before the window may still be running in it.
    const scanFrom = ctx.fromMs - this.reachMs();
    let starts: (Start | PlacedStart)[];
    try {
      starts = expandRecurrenceSet(
        {
          rrules: rrules.map(withoutUnreachableUntil),
          startFloatingMs: facts.start.floating,
          allDay: facts.allDay,
          startIsOccurrence: true,
          toInstant: (floatingMs) => home.toInstant(floatingMs),
          rdates,
          exdates,
        },
        { fromMs: scanFrom, toMs: ctx.toMs },
        ctx.maxOccurrences,
      );
    } catch (error) {
      if (!(error instanceof RecurrenceError)) throw error;
      throw new IcsItemError(`the recurrence cannot be expanded: ${safeReason(error)}`);
    }

    for (const start of starts) {
      const clock = 'clock' in start ? start.clock : home;
      const original: Placed = { floating: start.floatingMs, clock, instant: start.instantMs };
      const item = this.occurrence(original, ('span' in start && start.span) || this.masterSpan);
      if (item) this.items.push(item);
      if (this.items.length >= ctx.maxOccurrences) return this.items;
    }

    // An override can move an occurrence from outside the scanned range into the window.
    const excluded = new Set(exdates);
    for (const [instant, override] of this.byInstant) {
      if (this.items.length >= ctx.maxOccurrences) break;
      if (this.used.has(override) || excluded.has(instant)) continue;
      if (instant >= scanFrom && instant < ctx.toMs) continue;
      const item = this.overridden(override, override.original);
      if (item) this.items.push(item);
    }
    return this.items;
  }

  /** The occurrence the rule scheduled at `original`, as overrides leave it. */
  private occurrence(original: Placed, span: Span): IcsItem | null {
    const exact = this.byInstant.get(original.instant);
    if (exact) return this.overridden(exact, original);
    const range = this.rangeAt(original.instant);
    if (range) return this.overridden(range, original);
    return itemIfInWindow(
      this.uid,
      iso(original.instant),
      this.facts,
      original,
      endOf(original, span),
      this.ctx,
    );
  }

  /** The latest RANGE=THISANDFUTURE override in force at `instant`. */
  private rangeAt(instant: number): Override | null {
    let found: Override | null = null;
    for (const range of this.ranges) {
      if (range.original.instant > instant) break;
      found = range;
    }
    return found;
  }

  /**
   * The occurrence at `original` as `override` describes it. An override
   * starts at its own DTSTART; a RANGE=THISANDFUTURE override moves the later
   * occurrences by the same wall-clock shift.
   */
  private overridden(override: Override, original: Placed): IcsItem | null {
    this.used.add(override);
    const facts = this.factsOf(override);
    if (!facts) return null;
    let start = facts.start;
    if (original.instant !== override.original.instant) {
      const floating = original.floating + (facts.start.floating - override.original.floating);
      start = { floating, clock: original.clock, instant: original.clock.toInstant(floating) };
    }
    const span =
      facts.span ?? (facts.allDay === this.facts.allDay ? this.masterSpan : spanOf(facts));
    return itemIfInWindow(
      this.uid,
      iso(original.instant),
      facts,
      start,
      endOf(start, span),
      this.ctx,
    );
  }

  private factsOf(override: Override): EventFacts | null {
    let facts = this.overrideFacts.get(override);
    if (facts === undefined) {
      try {
        facts = readFacts(override.component, this.ctx.zones, this.ctx.defaultLanguage, this.facts);
      } catch (error) {
        if (!(error instanceof IcsItemError)) throw error;
        this.rejected.push({ uid: this.uid, reason: `override: ${error.message}` });
        facts = null;
      }
      this.overrideFacts.set(override, facts);
    }
    return facts;
  }

  /**
   * An EXDATE's instant. A DATE excluding from a timed series names a day:
   * it removes the occurrence at the series' time of day on that date.
   */
  private excludedInstant(moment: Moment): number {
    const { facts, home } = this;
    if (moment.isDate && !facts.allDay) {
      const timeOfDay = facts.start.floating - Math.floor(facts.start.floating / DAY_MS) * DAY_MS;
      return home.toInstant(moment.floating + timeOfDay);
    }
    return placeMoment(moment, this.ctx.zones, home).instant;
  }

  /** How long before the window an occurrence may start and still overlap it. */
  private reachMs(): number {
    const { days, exactMs } = this.masterSpan;
    // A day more for calendar days that contain a DST change.
    return (days + (days > 0 ? 1 : 0)) * DAY_MS + exactMs;
  }
}

/**
 * UNTIL beyond the years the engine accepts (feeds write 99991231 for "no
 * end") cannot end anything inside the import window: the rule runs without it.
 */
function withoutUnreachableUntil(rule: string): string {
  return rule.replace(/(^|;)UNTIL=(\d{4})[^;]*/i, (part, lead: string, year: string) =>
    Number(year) > 2999 ? lead : part,
  );
}

function spanOf(facts: EventFacts): Span {
  return facts.span ?? defaultSpan(facts.allDay);
}

/** Builds the item when [start, end) overlaps the window (a zero-length event: when it starts in it). */
function itemIfInWindow(
  uid: string,
  recurrenceId: string | null,
  facts: EventFacts,
  start: Placed,
  endMs: number,
  ctx: ExpandContext,
): IcsItem | null {
  const startMs = start.instant;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || Math.abs(endMs) > 8.64e15) {
    throw new IcsItemError('the start or end cannot be placed in time');
  }
  if (startMs >= ctx.toMs || (endMs <= ctx.fromMs && startMs < ctx.fromMs)) return null;
  return {
    upstreamUid: uid,
    recurrenceId,
    // Copies: the items of one series must not share mutable objects.
    title: { ...facts.title },
    description: facts.description && { ...facts.description },
    location: facts.attendance.place,
    geo: facts.geo && { ...facts.geo },
    url: facts.attendance.url,
    online: facts.attendance.online,
    onlineUrl: facts.attendance.onlineUrl,
    languages: [...facts.languages],
    startsAt: new Date(startMs),
    endsAt: new Date(endMs),
    timeZone: facts.timeZone,
    allDay: facts.allDay,
    status: facts.status,
    sequence: facts.sequence,
    categories: [...facts.categories],
  };
}

/**
 * A RECURRENCE-ID override whose master is not in the feed (Google exports
 * these for single occurrences shared with the calendar). It stands alone,
 * keeping its recurrence id so it matches the occurrence if the master shows up.
 */
export function expandOrphan(uid: string, override: Component, ctx: ExpandContext): IcsItem[] {
  const facts = readFacts(override, ctx.zones, ctx.defaultLanguage);
  const recurrence = readMoment(override, 'recurrence-id');
  if (!recurrence) throw new IcsItemError('RECURRENCE-ID is missing');
  const original = placeMoment(recurrence, ctx.zones, facts.start.clock);
  const { start } = facts;
  const item = itemIfInWindow(
    uid,
    iso(original.instant),
    facts,
    start,
    endOf(start, spanOf(facts)),
    ctx,
  );
  return item ? [item] : [];
}

/** Recurrence ids are the original start as a UTC ISO instant. */
function iso(instantMs: number): string {
  return new Date(instantMs).toISOString();
}
