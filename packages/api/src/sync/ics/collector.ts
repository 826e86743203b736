import { MAX_REJECTIONS, MAX_UID } from './limits.js';
import { safeReason } from './reasons.js';
import type { IcsItem, IcsParseResult, IcsRejection } from './types.js';

/** Items per batch handed to a sink: small messages, each quick to copy between threads. */
const SINK_BATCH = 1_000;

/** Gathers a parse's output and enforces its caps (maxEvents, MAX_REJECTIONS). */
export class Collector {
  readonly items: IcsItem[] = [];
  private readonly rejected: IcsRejection[] = [];
  private unlisted = 0;
  /** (UID, recurrence id) pairs already returned: the natural key must be unique. */
  private readonly keys = new Set<string>();
  /** Set once an item had to be dropped for maxEvents; parsing can stop. */
  full = false;

  /** Items accepted so far, including those already handed to the sink. */
  private accepted = 0;

  /**
   * With a sink, items are handed over in batches of SINK_BATCH as they are
   * accepted and the result carries only what is left.
   */
  constructor(
    private readonly maxEvents: number,
    private readonly sink?: (items: IcsItem[]) => void,
  ) {}

  /**
   * Adds items, skipping any whose (UID, recurrence id) was already returned:
   * the sync upserts by that key, and ical.js can yield one occurrence twice
   * (an RDATE equal to an RRULE date; two wall-clock times in a DST gap).
   */
  add(items: IcsItem[]): void {
    for (const item of items) {
      const key = `${item.upstreamUid}\n${item.recurrenceId ?? ''}`;
      if (this.keys.has(key)) continue;
      if (this.accepted >= this.maxEvents) {
        this.full = true;
        return;
      }
      this.keys.add(key);
      this.items.push(item);
      this.accepted += 1;
      if (this.sink && this.items.length >= SINK_BATCH) this.sink(this.items.splice(0));
    }
  }

  reject(uid: string | null, reason: string): void {
    if (this.rejected.length >= MAX_REJECTIONS) {
      this.unlisted += 1;
      return;
    }
    this.rejected.push({
      uid: uid === null ? null : uid.slice(0, MAX_UID),
      reason: safeReason(reason),
    });
  }

  result(calendarName: string | null): IcsParseResult {
    if (this.sink && this.items.length > 0) this.sink(this.items.splice(0));
    const rejected = [...this.rejected];
    if (this.unlisted > 0) {
      rejected.push({ uid: null, reason: `${this.unlisted} more rejections not listed` });
    }
    if (this.full) {
      rejected.push({
        uid: null,
        reason: `truncated: the feed has more than ${this.maxEvents} events in the import window; only the first ${this.maxEvents} were kept`,
      });
    }
    return { calendarName, items: this.items, rejected };
  }
}
