import { and, eq } from 'drizzle-orm';
import { events, type NewEventRow } from '../db/schema/index.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../services/context.js';
import { byIds, removeEvents, saveEvents } from '../services/events/persist-events.js';
import {
  gateImports,
  type Incoming,
  keptByModerator,
  queueRemovals,
  settleAfterSync,
} from '../services/moderation/hold-imports.js';
import { detachedFrom } from '../services/moderation/take-over.js';
import { type ApplyResult, emptyCounts, type Rejection, removalNeedsReview } from './counts.js';

export interface SnapshotInput {
  sourceId: string;
  /** Prepared rows (content hash set), all with sourceId = this source. */
  rows: NewEventRow[];
  rejections: Rejection[];
  /** UIDs rejected in this run: their existing rows are kept, not judged missing. */
  keepUids: ReadonlySet<string>;
  fetched: number;
  /** The expansion window: only events starting inside it can be judged missing. */
  window: { from: Date; to: Date };
  now: Date;
  allowMassRemoval: boolean;
  /** Runs inside the same transaction (source state, run record): all of it or none. */
  finalize: (w: WriteCtx, result: ApplyResult) => Promise<void>;
}

/**
 * Applies a full snapshot of a source (an iCalendar feed) atomically. Only this
 * source's own rows are diffed; unchanged rows are not written; missing rows are
 * tombstoned unless that would look like data loss (an emptied feed, or more
 * than half of the upcoming events), which is held for review instead.
 */
export async function applySnapshot(ctx: ServiceCtx, input: SnapshotInput): Promise<ApplyResult> {
  const counts = emptyCounts();
  counts.fetched = input.fetched;
  counts.rejected = input.rejections.length;

  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    const existing = await tx
      .select({
        id: events.id,
        hash: events.contentHash,
        startsAt: events.startsAt,
        deletedAt: events.deletedAt,
        upstreamUid: events.upstreamUid,
      })
      .from(events)
      .where(eq(events.sourceId, input.sourceId));
    const byId = new Map(existing.map((e) => [e.id, e]));
    // Events taken over by the hub are no longer this source's to write.
    const detached = await detachedFrom(
      w,
      input.sourceId,
      input.rows.map((r) => r.id!),
    );

    const changed: Incoming[] = [];
    for (const row of input.rows) {
      const before = byId.get(row.id!);
      if (detached.has(row.id!)) counts.unchanged += 1;
      else if (!before || before.deletedAt) changed.push({ row, isNew: true });
      else if (before.hash !== row.contentHash) changed.push({ row, isNew: false });
      else counts.unchanged += 1;
    }
    // A source under review publishes nothing itself: its new and changed rows wait for a moderator.
    const gate = await gateImports(w, { sourceId: input.sourceId, incoming: changed });
    counts.created = gate.publish.filter((i) => i.isNew).length;
    counts.updated = gate.publish.length - counts.created;
    counts.unchanged += gate.rejected;
    counts.held = gate.held.length;
    const kept = await keptByModerator(w, input.sourceId);

    const incoming = new Set(input.rows.map((r) => r.id));
    const missing = existing.filter(
      (e) =>
        !e.deletedAt &&
        !incoming.has(e.id) &&
        // An item rejected this run is not an item removed upstream (rule 6).
        !(e.upstreamUid && input.keepUids.has(e.upstreamUid)) &&
        // A removal a moderator rejected stays rejected while the event stays away.
        !kept.has(e.id) &&
        e.startsAt >= input.window.from &&
        e.startsAt < input.window.to,
    );
    const live = existing.filter((e) => !e.deletedAt);
    const upcoming = live.filter((e) => e.startsAt >= input.now).length;

    let held = false;
    let heldReason: string | undefined;
    if (input.rows.length === 0 && live.length > 0 && !input.allowMassRemoval) {
      // Rule 2: an emptied feed is suspicious, not authoritative. Write nothing but the queue.
      await queueRemovals(w, {
        sourceId: input.sourceId,
        eventIds: live.filter((e) => !kept.has(e.id)).map((e) => e.id),
      });
      const result: ApplyResult = {
        counts: { ...counts, held: live.length },
        rejections: input.rejections,
        held: true,
        heldReason: 'the feed is newly empty',
      };
      await input.finalize(w, result);
      return result;
    }
    if (
      missing.length > 0 &&
      removalNeedsReview(missing.filter((e) => e.startsAt >= input.now).length, upcoming) &&
      !input.allowMassRemoval
    ) {
      held = true;
      heldReason = `${missing.length} of ${upcoming} upcoming events would be removed`;
      counts.held += missing.length;
      // Rule 3's held removals wait in the moderation queue, one item per event.
      await queueRemovals(w, { sourceId: input.sourceId, eventIds: missing.map((m) => m.id) });
    }

    await saveEvents(
      w,
      gate.publish.map((i) => i.row),
    );
    let removed: string[] = [];
    if (!held && missing.length > 0) {
      const ids = missing.map((m) => m.id);
      // Only rows that came from this very source can be removed by it.
      removed = await removeEvents(w, and(eq(events.sourceId, input.sourceId), byIds(ids)));
      counts.removed = removed.length;
    }
    await settleAfterSync(w, {
      sourceId: input.sourceId,
      removed,
      present: [...incoming].filter((id): id is string => id !== undefined),
      heldNow: gate.held,
    });
    const result: ApplyResult = {
      counts,
      rejections: input.rejections,
      held,
      ...(heldReason ? { heldReason } : {}),
    };
    await input.finalize(w, result);
    return result;
  });
}
