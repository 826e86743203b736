import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows-of.js';
import { events, type NewEventRow, sources } from '../db/schema/index.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../services/context.js';
import { byIds, removeEvents, saveStagedEvents } from '../services/events/persist-events.js';
import {
  gateImports,
  type Incoming,
  queueRemovals,
  settleAfterSync,
} from '../services/moderation/hold-imports.js';
import { type ApplyResult, emptyCounts, type Rejection, removalNeedsReview } from './counts.js';

export interface SnapshotInput {
  sourceId: string;
  /** The run whose staged rows (sync_staging) are the snapshot, all with sourceId = this source. */
  runId: string;
  /** Rows staged (accepted ones, the unchanged included). */
  staged: number;
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

/** Staged rows written (and announced) per statement, by arrival order. */
const WRITE_RANGE = 500;

/**
 * Applies a full snapshot of a source (an iCalendar feed), staged by its run,
 * atomically and set-based: the diff, the writes with their outbox messages
 * and the removals are statements over the staging table, so the process
 * makes no pass over the snapshot's rows. Only this source's own rows are
 * diffed; unchanged rows are not written; missing rows are tombstoned unless
 * that would look like data loss (an emptied feed, or more than half of the
 * upcoming events), which is held for review instead.
 */
export async function applySnapshot(ctx: ServiceCtx, input: SnapshotInput): Promise<ApplyResult> {
  const counts = emptyCounts();
  counts.fetched = input.fetched;
  counts.rejected = input.rejections.length;
  const { runId, sourceId } = input;

  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    // Rows this source may write that differ from their live event (detached ones are the hub's now).
    const changedRows = sql`
      from sync_staging s
      left join events e on e.id = s.id
      where s.run_id = ${runId} and s.row is not null
        and e.detached_from is distinct from ${sourceId}
        and (e.id is null or e.source_id is distinct from ${sourceId}
          or e.deleted_at is not null or e.content_hash is distinct from s.content_hash)`;
    const isNew = sql`(e.id is null or e.source_id is distinct from ${sourceId} or e.deleted_at is not null)`;
    const [diff] = rowsOf<{ created: number; updated: number; last: number | null }>(
      await tx.execute(sql`
        select count(*) filter (where ${isNew})::int as created,
          count(*) filter (where not ${isNew})::int as updated,
          (select max(ord) from sync_staging where run_id = ${runId})::float8 as last
        ${changedRows}`),
    );
    const [source] = await tx
      .select({ review: sources.review })
      .from(sources)
      .where(eq(sources.id, sourceId));

    let publish = false;
    let heldNow: string[] = [];
    if (source?.review && (diff?.created ?? 0) + (diff?.updated ?? 0) > 0) {
      // A source under review publishes nothing itself: its new and changed rows wait for a moderator.
      const waiting = rowsOf<{ row: NewEventRow; isNew: boolean }>(
        await tx.execute(sql`select s.row, ${isNew} as "isNew" ${changedRows}`),
      );
      const gate = await gateImports(w, {
        sourceId,
        incoming: waiting.map((r): Incoming => ({ row: r.row, isNew: r.isNew })),
      });
      counts.held = gate.held.length;
      counts.unchanged = input.staged - waiting.length + gate.rejected;
      heldNow = gate.held;
    } else {
      publish = !source?.review;
      counts.created = diff?.created ?? 0;
      counts.updated = diff?.updated ?? 0;
      counts.unchanged = input.staged - counts.created - counts.updated;
    }

    const [live] = rowsOf<{ live: number; upcoming: number }>(
      await tx.execute(sql`
        select count(*)::int as live, count(*) filter (where starts_at >= ${input.now.toISOString()}::timestamptz)::int as upcoming
        from events where source_id = ${sourceId} and deleted_at is null`),
    );
    // A removal a moderator rejected stays rejected while the event stays away.
    const keptByModerator = sql`exists (
      select 1 from moderation_items m
      where m.source_id = ${sourceId} and m.kind = 'removed' and m.status = 'rejected'
        and m.event_id = e.id)`;

    if (input.staged === 0 && (live?.live ?? 0) > 0 && !input.allowMassRemoval) {
      // Rule 2: an emptied feed is suspicious, not authoritative. Write nothing but the queue.
      const queued = rowsOf<{ id: string }>(
        await tx.execute(sql`
          select e.id from events e
          where e.source_id = ${sourceId} and e.deleted_at is null and not ${keptByModerator}`),
      );
      await queueRemovals(w, { sourceId, eventIds: queued.map((r) => r.id) });
      const result: ApplyResult = {
        counts: { ...counts, held: live?.live ?? 0 },
        rejections: input.rejections,
        held: true,
        heldReason: 'the feed is newly empty',
      };
      await input.finalize(w, result);
      return result;
    }

    const missing = rowsOf<{ id: string; upcoming: boolean }>(
      await tx.execute(sql`
        select e.id, e.starts_at >= ${input.now.toISOString()}::timestamptz as upcoming from events e
        where e.source_id = ${sourceId} and e.deleted_at is null
          and not exists (select 1 from sync_staging s where s.run_id = ${runId} and s.id = e.id)
          -- An item rejected this run is not an item removed upstream (rule 6).
          and (e.upstream_uid is null or e.upstream_uid not in
            (select jsonb_array_elements_text(${JSON.stringify([...input.keepUids])}::jsonb)))
          and not ${keptByModerator}
          and e.starts_at >= ${input.window.from.toISOString()}::timestamptz
          and e.starts_at < ${input.window.to.toISOString()}::timestamptz`),
    );
    const upcoming = live?.upcoming ?? 0;

    let held = false;
    let heldReason: string | undefined;
    if (
      missing.length > 0 &&
      removalNeedsReview(missing.filter((e) => e.upcoming).length, upcoming) &&
      !input.allowMassRemoval
    ) {
      held = true;
      heldReason = `${missing.length} of ${upcoming} upcoming events would be removed`;
      counts.held += missing.length;
      // Rule 3's held removals wait in the moderation queue, one item per event.
      await queueRemovals(w, { sourceId, eventIds: missing.map((m) => m.id) });
    }

    if (publish && diff && diff.created + diff.updated > 0 && diff.last !== null) {
      for (let from = 0; from <= diff.last; from += WRITE_RANGE) {
        await saveStagedEvents(w, { runId, sourceId, fromOrd: from, toOrd: from + WRITE_RANGE });
        // Let other work in between ranges (a serve process keeps answering).
        await nextTurn();
      }
    }
    let removed: string[] = [];
    if (!held && missing.length > 0) {
      const ids = missing.map((m) => m.id);
      // Only rows that came from this very source can be removed by it.
      removed = await removeEvents(w, and(eq(events.sourceId, sourceId), byIds(ids)));
      counts.removed = removed.length;
    }
    // Events back in the feed close their removal items: only those with one open are named.
    const present = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select s.id from sync_staging s
        where s.run_id = ${runId} and exists (
          select 1 from moderation_items m
          where m.source_id = ${sourceId} and m.kind = 'removed'
            and m.status in ('pending', 'rejected') and m.event_id = s.id)`),
    );
    await settleAfterSync(w, {
      sourceId,
      removed,
      present: present.map((r) => r.id),
      heldNow,
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
