import type { SyncCounts } from '../db/schema/index.js';

export function emptyCounts(): SyncCounts {
  return { fetched: 0, created: 0, updated: 0, unchanged: 0, removed: 0, rejected: 0, held: 0 };
}

export interface Rejection {
  item: string;
  reason: string;
}

export interface ApplyResult {
  counts: SyncCounts;
  rejections: Rejection[];
  /** True when removals were held back for review (safety rules 2 and 3). */
  held: boolean;
  heldReason?: string;
}

/** Rule 3: a run may not remove more than half of a source's upcoming events unreviewed. */
export function removalNeedsReview(removals: number, upcoming: number): boolean {
  return upcoming > 0 && removals * 2 > upcoming;
}
