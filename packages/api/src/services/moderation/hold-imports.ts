import { type AnyColumn, and, eq, inArray, not, type SQL, sql } from 'drizzle-orm';
import { events, moderationItems, type NewEventRow, sources } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { WriteCtx } from '../context.js';

/**
 * The moderation gate on a sync's writes. A source under review publishes
 * nothing by itself: each new or materially changed row waits as one pending
 * item per event (newer upstream content replaces it), and content a
 * moderator rejected is not queued again until it changes upstream.
 */

export interface Incoming {
  row: NewEventRow;
  /** True when no live event has this id yet. */
  isNew: boolean;
}

export interface GateResult {
  publish: Incoming[];
  /** Ids of rows now waiting in the queue (queued this run or already pending). */
  held: string[];
  /** Rows whose content a moderator rejected: nothing to do until it changes upstream. */
  rejected: number;
}

/** Membership in a list of any length as one parameter (a feed may hold 50,000 events). */
export function inList(column: AnyColumn, ids: string[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
}

/** Statements stay well under PostgreSQL's parameter limit, however large the feed. */
const CHUNK = 500;

export async function gateImports(
  w: WriteCtx,
  input: { sourceId: string; incoming: Incoming[] },
): Promise<GateResult> {
  const result: GateResult = { publish: [], held: [], rejected: 0 };
  for (let i = 0; i < input.incoming.length; i += CHUNK) {
    const part = await gateChunk(w, {
      sourceId: input.sourceId,
      incoming: input.incoming.slice(i, i + CHUNK),
    });
    result.publish.push(...part.publish);
    result.held.push(...part.held);
    result.rejected += part.rejected;
  }
  return result;
}

async function gateChunk(
  w: WriteCtx,
  input: { sourceId: string; incoming: Incoming[] },
): Promise<GateResult> {
  const [source] = await w.db
    .select({ review: sources.review, chapterId: sources.chapterId })
    .from(sources)
    .where(eq(sources.id, input.sourceId));
  if (input.incoming.length === 0) return { publish: [], held: [], rejected: 0 };
  if (!source?.review) {
    // Review was turned off: what the feed publishes now supersedes anything still waiting.
    await w.db
      .update(moderationItems)
      .set({ status: 'withdrawn', decidedAt: w.now(), decidedBy: w.actor.id })
      .where(
        and(
          eq(moderationItems.status, 'pending'),
          inArray(moderationItems.kind, ['new', 'changed']),
          inArray(
            moderationItems.eventId,
            input.incoming.map((i) => i.row.id!),
          ),
        ),
      );
    return { publish: input.incoming, held: [], rejected: 0 };
  }

  const ids = input.incoming.map((i) => i.row.id!);
  const open = await w.db
    .select({
      id: moderationItems.id,
      eventId: moderationItems.eventId,
      status: moderationItems.status,
      contentHash: moderationItems.contentHash,
    })
    .from(moderationItems)
    .where(
      and(
        inArray(moderationItems.eventId, ids),
        inArray(moderationItems.status, ['pending', 'rejected']),
      ),
    );
  const result: GateResult = { publish: [], held: [], rejected: 0 };
  for (const { row, isNew } of input.incoming) {
    const mine = open.filter((o) => o.eventId === row.id);
    if (mine.some((o) => o.status === 'rejected' && o.contentHash === row.contentHash)) {
      result.rejected += 1;
      continue;
    }
    result.held.push(row.id!);
    const pending = mine.find((o) => o.status === 'pending');
    if (pending?.contentHash === row.contentHash) continue;
    const kind = isNew ? 'new' : 'changed';
    if (pending) {
      await w.db
        .update(moderationItems)
        .set({ kind, row, contentHash: row.contentHash ?? '', heldAt: w.now() })
        .where(eq(moderationItems.id, pending.id));
    } else {
      await w.db.insert(moderationItems).values({
        id: newId('mod'),
        kind,
        eventId: row.id!,
        sourceId: input.sourceId,
        chapterId: row.chapterId,
        row,
        contentHash: row.contentHash ?? '',
        heldAt: w.now(),
      });
    }
  }
  return result;
}

/** Removals the delete breaker held: one pending `removed` item per event, waiting for a moderator. */
export async function queueRemovals(
  w: WriteCtx,
  input: { sourceId: string; eventIds: string[] },
): Promise<void> {
  if (input.eventIds.length === 0) return;
  const targets = await w.db
    .select({ id: events.id, chapterId: events.chapterId })
    .from(events)
    .where(inList(events.id, input.eventIds));
  if (targets.length === 0) return;
  // An event already waiting (for any reason) keeps its one open item.
  await w.db
    .insert(moderationItems)
    .values(
      targets.map((t) => ({
        id: newId('mod'),
        kind: 'removed' as const,
        eventId: t.id,
        sourceId: input.sourceId,
        chapterId: t.chapterId,
        heldAt: w.now(),
      })),
    )
    .onConflictDoNothing();
}

/**
 * Events a moderator decided to keep although their feed dropped them: the
 * source does not try to remove them again (until they come back upstream).
 */
export async function keptByModerator(w: WriteCtx, sourceId: string): Promise<Set<string>> {
  const rows = await w.db
    .select({ eventId: moderationItems.eventId })
    .from(moderationItems)
    .where(
      and(
        eq(moderationItems.sourceId, sourceId),
        eq(moderationItems.kind, 'removed'),
        eq(moderationItems.status, 'rejected'),
      ),
    );
  return new Set(rows.map((r) => r.eventId));
}

/**
 * After a run: removals it applied settle their pending items (a `sources
 * approve` run approves them); events back in the feed close their removal
 * items; a full snapshot also withdraws held imports its feed no longer has.
 */
export async function settleAfterSync(
  w: WriteCtx,
  input: {
    sourceId: string;
    removed: string[];
    present: string[];
    /** Events the feed says were deleted: nothing of theirs is left to publish. */
    gone?: string[];
    /** Ids of rows the gate held this run; null for an incremental feed (not a full snapshot). */
    heldNow: string[] | null;
  },
): Promise<void> {
  const decided = { decidedAt: w.now(), decidedBy: w.actor.id };
  if (input.removed.length > 0) {
    await w.db
      .update(moderationItems)
      .set({ status: 'approved', ...decided })
      .where(
        and(
          eq(moderationItems.status, 'pending'),
          eq(moderationItems.kind, 'removed'),
          inList(moderationItems.eventId, input.removed),
        ),
      );
  }
  if (input.present.length > 0) {
    await w.db
      .update(moderationItems)
      .set({ status: 'withdrawn', ...decided })
      .where(
        and(
          eq(moderationItems.sourceId, input.sourceId),
          eq(moderationItems.kind, 'removed'),
          inArray(moderationItems.status, ['pending', 'rejected']),
          inList(moderationItems.eventId, input.present),
        ),
      );
  }
  if (input.gone && input.gone.length > 0) {
    await w.db
      .update(moderationItems)
      .set({ status: 'withdrawn', ...decided })
      .where(
        and(
          eq(moderationItems.sourceId, input.sourceId),
          eq(moderationItems.status, 'pending'),
          inArray(moderationItems.kind, ['new', 'changed']),
          inList(moderationItems.eventId, input.gone),
        ),
      );
  }
  if (input.heldNow) {
    const stillHeld = input.heldNow;
    await w.db
      .update(moderationItems)
      .set({ status: 'withdrawn', ...decided })
      .where(
        and(
          eq(moderationItems.sourceId, input.sourceId),
          eq(moderationItems.status, 'pending'),
          inArray(moderationItems.kind, ['new', 'changed']),
          stillHeld.length > 0 ? not(inList(moderationItems.eventId, stillHeld)) : undefined,
        ),
      );
  }
}

/** A source that is gone has nothing left to hold: its open items are withdrawn. */
export async function withdrawSourceItems(w: WriteCtx, sourceId: string): Promise<void> {
  await w.db
    .update(moderationItems)
    .set({ status: 'withdrawn', decidedAt: w.now(), decidedBy: w.actor.id })
    .where(and(eq(moderationItems.sourceId, sourceId), eq(moderationItems.status, 'pending')));
}
