import type { Event as HubEvent } from '@oneteamgov/schema';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  activitypubCursor,
  activitypubFollowers,
  type OutboxRow,
  outbox,
} from '../../db/schema/index.js';
import { createActivity, deleteActivity, updateActivity } from '../activities.js';
import { announcedEventIds } from '../local-events.js';
import { enqueueDeliveries, type QueuedActivity } from './enqueue.js';

const CURSOR = 'outbox';
const UPDATES = new Set(['event.updated', 'event.cancelled', 'event.rescheduled']);

export interface FanOutOptions {
  origin: string;
  /** Outbox rows younger than this are left for the next pass (see ADR 0007's hold-back). */
  lagMs: number;
  /** Outbox rows read per pass. */
  limit?: number;
}

/**
 * Turns committed outbox messages about a chapter's own events into one
 * delivery per follower inbox (a server's shared inbox once for all its
 * followers): `Create` on publication, `Update` on edits, reschedules and
 * cancellations, `Delete` on removal. Reads the outbox in `seq` order behind a
 * hold-back and moves its cursor in the same transaction as the deliveries it
 * queued, under a row lock, so concurrent workers never fan out one message
 * twice. Returns how many messages it read.
 */
export async function fanOut(db: Db, options: FanOutOptions): Promise<number> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await tx.insert(activitypubCursor).values({ name: CURSOR }).onConflictDoNothing();
    const [cursor] = await tx
      .select()
      .from(activitypubCursor)
      .where(eq(activitypubCursor.name, CURSOR))
      .for('update');
    const rows = await tx
      .select()
      .from(outbox)
      .where(
        and(
          gt(outbox.seq, cursor?.lastSeq ?? 0),
          sql`${outbox.createdAt} <= now() - ${options.lagMs} * interval '1 millisecond'`,
        ),
      )
      .orderBy(asc(outbox.seq))
      .limit(options.limit ?? 200);
    if (rows.length === 0) return 0;
    const about = rows.filter((r) => r.type.startsWith('event.') && r.chapterId);
    const announced = await announcedEventIds(
      tx,
      options.origin,
      about.map((r) => eventIdOf(r)),
    );
    const queued: QueuedActivity[] = [];
    const inboxes = new Map<string, string[]>();
    for (const row of about) {
      const id = eventIdOf(row);
      const announces = row.type === 'event.deleted' ? announced.own : announced.visible;
      if (!announces.has(id)) continue;
      const chapterId = row.chapterId!;
      if (!inboxes.has(chapterId)) inboxes.set(chapterId, await inboxesOf(tx, chapterId));
      const targets = inboxes.get(chapterId)!;
      if (targets.length === 0) continue;
      const activity = await activityFor(options.origin, row);
      if (!activity) continue;
      for (const inbox of targets) queued.push({ chapterId, inbox, activity });
    }
    await enqueueDeliveries(tx, queued);
    await tx
      .update(activitypubCursor)
      .set({ lastSeq: rows[rows.length - 1]!.seq, updatedAt: sql`now()` })
      .where(eq(activitypubCursor.name, CURSOR));
    return rows.length;
  });
}

function eventIdOf(row: OutboxRow): string {
  return (row.payload.data as { id: string }).id;
}

async function activityFor(origin: string, row: OutboxRow) {
  const { data, timestamp } = row.payload;
  if (row.type === 'event.created') return createActivity(origin, data as HubEvent);
  if (UPDATES.has(row.type)) return updateActivity(origin, data as HubEvent, row.id, timestamp);
  if (row.type === 'event.deleted') {
    return deleteActivity(origin, data as { id: string; chapterId: string }, row.id, timestamp);
  }
  return undefined;
}

/** Where a chapter's followers receive: each server's shared inbox once, else each follower's own. */
async function inboxesOf(db: Db, chapterId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({
      inbox: sql<string>`coalesce(${activitypubFollowers.sharedInbox}, ${activitypubFollowers.inbox})`,
    })
    .from(activitypubFollowers)
    .where(eq(activitypubFollowers.chapterId, chapterId));
  return rows.map((r) => r.inbox);
}
