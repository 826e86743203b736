import ICAL from 'ical.js';
import { IcsItemError } from './errors.js';
import { type EventFacts, readFacts } from './event-facts.js';
import { MAX_RULE_CHECKS, MAX_STEPS_BEFORE_WINDOW } from './limits.js';
import { safeReason } from './reasons.js';
import { guardRuleIterators } from './rule-guard.js';
import { type Component, readMoment, type Time } from './times.js';
import { defaultSpan, endOf, type Placed, placeMoment, placeTime, type Span } from './timing.js';
import type { IcsItem, IcsRejection } from './types.js';
import type { ZoneBook } from './zone-book.js';

type IcalEvent = ICAL.Event;

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

/**
 * One UID: its master VEVENT and the RECURRENCE-ID overrides grouped with it,
 * turned into items inside the window. Throws IcsItemError when the master
 * itself is unusable (the caller rejects the UID).
 *
 * The overrides are handed to ical.js explicitly: left to itself, the
 * ICAL.Event constructor scans every VEVENT of the calendar for exceptions,
 * which makes a whole parse quadratic (20k events: minutes instead of ~1 s).
 */
export function expandEvent(
  uid: string,
  master: Component,
  overrides: Component[],
  ctx: ExpandContext,
): Expanded {
  const facts = readFacts(master, ctx.zones, ctx.defaultLanguage);
  const rejected: IcsRejection[] = [];

  if (!master.hasProperty('rrule') && !master.hasProperty('rdate')) {
    for (const _ of overrides) {
      rejected.push({ uid, reason: 'RECURRENCE-ID override of an event that does not recur' });
    }
    const { start } = facts;
    const item = itemIfInWindow(uid, null, facts, start, endOf(start, spanOf(facts)), ctx);
    return { items: item ? [item] : [], rejected };
  }

  const event = new ICAL.Event(master, { strictExceptions: true, exceptions: [] });
  for (const override of overrides) {
    try {
      event.relateException(override);
    } catch (error) {
      rejected.push({ uid, reason: `override cannot be applied: ${safeReason(error)}` });
    }
  }
  const series = new Series(uid, event, facts, ctx, rejected);
  return { items: series.expand(), rejected };
}

class Series {
  private readonly items: IcsItem[] = [];
  private readonly masterSpan: Span;
  /** Plain overrides by the instant of the occurrence they replace (their RECURRENCE-ID). */
  private readonly byInstant = new Map<number, IcalEvent>();
  /** RANGE=THISANDFUTURE overrides need ical.js's own lookup, which also shifts later occurrences. */
  private readonly hasRangeOverrides: boolean;
  /** Facts per override, read on first use; null when the override was rejected. */
  private readonly overrideFacts = new Map<IcalEvent, EventFacts | null>();
  private readonly used = new Set<IcalEvent>();

  constructor(
    private readonly uid: string,
    private readonly event: IcalEvent,
    private readonly facts: EventFacts,
    private readonly ctx: ExpandContext,
    private readonly rejected: IcsRejection[],
  ) {
    this.masterSpan = spanOf(facts);
    // Matching overrides by instant (rather than through getOccurrenceDetails,
    // which builds several ical.js Time objects per occurrence) is cheaper and
    // also matches a RECURRENCE-ID written in UTC against a zoned DTSTART.
    // A floating RECURRENCE-ID is read like the series' DTSTART.
    for (const exception of Object.values(event.exceptions) as IcalEvent[]) {
      const recurrence = readMoment(exception.component, 'recurrence-id');
      if (!recurrence) continue;
      const original = placeMoment(recurrence, ctx.zones, facts.start.clock);
      this.byInstant.set(original.instant, exception);
    }
    this.hasRangeOverrides = event.rangeExceptions.length > 0;
  }

  expand(): IcsItem[] {
    const { ctx, facts, event } = this;
    const expansion = this.attempt(() => event.iterator());
    guardRuleIterators(expansion, MAX_RULE_CHECKS);
    let skipped = 0;

    for (;;) {
      const next = this.attempt(() => expansion.next());
      if (!next) return this.items; // COUNT/UNTIL reached
      // The occurrence the rule scheduled, before any override moves it.
      const original = placeTime(next, ctx.zones, facts.start.clock);
      if (original.instant >= ctx.toMs) break;

      let exception = this.byInstant.get(original.instant) ?? null;
      let shiftedStart: Time | null = null;
      if (!exception && this.hasRangeOverrides) {
        const details = event.getOccurrenceDetails(next);
        if (details.item !== event) [exception, shiftedStart] = [details.item, details.startDate];
      }
      const item = exception
        ? this.overridden(exception, original.instant, shiftedStart)
        : itemIfInWindow(
            this.uid,
            iso(original.instant),
            facts,
            original,
            endOf(original, this.masterSpan),
            ctx,
          );
      if (item) {
        this.items.push(item);
        if (this.items.length >= ctx.maxOccurrences) return this.items;
      } else if (original.instant < ctx.fromMs && ++skipped > MAX_STEPS_BEFORE_WINDOW) {
        throw new IcsItemError(
          `the recurrence has more than ${MAX_STEPS_BEFORE_WINDOW} occurrences before the import window`,
        );
      }
    }

    // Expansion stopped at the window's end: an override may still move a
    // later occurrence back into the window.
    for (const [instant, exception] of this.byInstant) {
      if (this.used.has(exception) || instant < ctx.toMs) continue;
      if (this.items.length >= ctx.maxOccurrences) break;
      const item = this.overridden(exception, instant, null);
      if (item) this.items.push(item);
    }
    return this.items;
  }

  /**
   * The occurrence as an override describes it. `shiftedStart` is ical.js's
   * start when a RANGE=THISANDFUTURE override applies to a later occurrence;
   * otherwise the override starts at its own DTSTART.
   */
  private overridden(
    exception: IcalEvent,
    originalInstant: number,
    shiftedStart: Time | null,
  ): IcsItem | null {
    this.used.add(exception);
    const facts = this.factsOf(exception);
    if (!facts) return null;
    const start = shiftedStart ? placeTime(shiftedStart, this.ctx.zones, facts.home) : facts.start;
    const span =
      facts.span ?? (facts.allDay === this.facts.allDay ? this.masterSpan : spanOf(facts));
    return itemIfInWindow(
      this.uid,
      iso(originalInstant),
      facts,
      start,
      endOf(start, span),
      this.ctx,
    );
  }

  private factsOf(exception: IcalEvent): EventFacts | null {
    let facts = this.overrideFacts.get(exception);
    if (facts === undefined) {
      try {
        facts = readFacts(
          exception.component,
          this.ctx.zones,
          this.ctx.defaultLanguage,
          this.facts,
        );
      } catch (error) {
        if (!(error instanceof IcsItemError)) throw error;
        this.rejected.push({ uid: this.uid, reason: `override: ${error.message}` });
        facts = null;
      }
      this.overrideFacts.set(exception, facts);
    }
    return facts;
  }

  /** ical.js errors while expanding become a rejection of this event. */
  private attempt<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof IcsItemError) throw error;
      throw new IcsItemError(`the recurrence cannot be expanded: ${safeReason(error)}`);
    }
  }
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
    location: facts.location,
    url: facts.url,
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
