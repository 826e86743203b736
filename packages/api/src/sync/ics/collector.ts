import { MAX_REJECTIONS, MAX_UID } from './limits.js';
import { safeReason } from './reasons.js';
import type { IcsItem, IcsParseResult, IcsRejection } from './types.js';

/** Gathers a parse's output and enforces its caps (maxEvents, MAX_REJECTIONS). */
export class Collector {
  readonly items: IcsItem[] = [];
  private readonly rejected: IcsRejection[] = [];
  private unlisted = 0;
  /** (UID, recurrence id) pairs already returned: the natural key must be unique. */
  private readonly keys = new Set<string>();
  /** Set once an item had to be dropped for maxEvents; parsing can stop. */
  full = false;

  constructor(private readonly maxEvents: number) {}

  /**
   * Adds items, skipping any whose (UID, recurrence id) was already returned:
   * the sync upserts by that key, and ical.js can yield one occurrence twice
   * (an RDATE equal to an RRULE date; two wall-clock times in a DST gap).
   */
  add(items: IcsItem[]): void {
    for (const item of items) {
      const key = `${item.upstreamUid}\n${item.recurrenceId ?? ''}`;
      if (this.keys.has(key)) continue;
      if (this.items.length >= this.maxEvents) {
        this.full = true;
        return;
      }
      this.keys.add(key);
      this.items.push(item);
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
