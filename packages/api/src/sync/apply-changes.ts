import { type Change, MAX_EVENT_DAYS } from '@oneteamgov/schema';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { chapters, events, type NewEventRow } from '../db/schema/index.js';
import { searchTextOf } from '../lib/fold-text.js';
import { toChapter } from '../services/chapters/to-chapter.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../services/context.js';
import { prepareEventRow } from '../services/events/event-row.js';
import { byIds, removeEvents, saveEvents } from '../services/events/persist-events.js';
import {
  gateImports,
  type Incoming,
  keptByModerator,
  queueRemovals,
  settleAfterSync,
} from '../services/moderation/hold-imports.js';
import { emit } from '../services/outbox/emit.js';
import { applyPeerMemberships } from './apply-membership.js';
import { type ApplyResult, emptyCounts, type Rejection, removalNeedsReview } from './counts.js';

type EventData = NonNullable<Extract<Change, { kind: 'event' }>['data']>;
type ChapterData = NonNullable<Extract<Change, { kind: 'chapter' }>['data']>;

export interface ChangesInput {
  sourceId: string;
  /** This instance's own origin: records that started here are never re-imported (no loops). */
  selfOrigin: string;
  changes: Change[];
  rejections: Rejection[];
  now: Date;
  allowMassRemoval: boolean;
  /** Runs inside the same transaction (source state, run record): all of it or none. */
  finalize: (w: WriteCtx, result: ApplyResult) => Promise<void>;
}

/**
 * Applies a batch from a peer's change feed atomically, keeping the peer's ids
 * (one record, one id everywhere). A record is only written when it is new here
 * or already belongs to this source; pushed records and other sources' records
 * are never overwritten or removed.
 */
export async function applyChanges(ctx: ServiceCtx, input: ChangesInput): Promise<ApplyResult> {
  const counts = emptyCounts();
  counts.fetched = input.changes.length + input.rejections.length;
  const rejections = [...input.rejections];
  // A record that changed during a multi-page walk appears twice: the later entry wins.
  const latest = new Map(input.changes.map((c) => [`${c.kind}:${c.id}`, c]));
  const foreign = [...latest.values()].filter((c) => c.origin !== input.selfOrigin);
  counts.unchanged += latest.size - foreign.length;

  return withTransaction(ctx, async (w) => {
    const tx = w.db;
    for (const change of foreign.filter((c) => c.kind === 'chapter')) {
      if (change.state === 'updated' && change.data)
        await upsertPeerChapter(w, change.data as ChapterData, change.origin);
    }
    await applyPeerMemberships(
      w,
      foreign.filter((c) => c.kind === 'membership'),
      rejections,
    );

    const eventChanges = foreign.filter((c) => c.kind === 'event');
    const ids = eventChanges.map((c) => c.id);
    const existing = ids.length
      ? await tx
          .select({
            id: events.id,
            sourceId: events.sourceId,
            hash: events.contentHash,
            deletedAt: events.deletedAt,
            startsAt: events.startsAt,
            detachedFrom: events.detachedFrom,
          })
          .from(events)
          .where(inArray(events.id, ids))
      : [];
    const byId = new Map(existing.map((e) => [e.id, e]));
    const known = new Set(
      (await tx.select({ id: chapters.id }).from(chapters).where(isNull(chapters.deletedAt))).map(
        (c) => c.id,
      ),
    );

    const writes: Incoming[] = [];
    const removals: string[] = [];
    const gone: string[] = [];
    const kept = await keptByModerator(w, input.sourceId);
    for (const change of eventChanges) {
      const mine = byId.get(change.id);
      if (mine && mine.detachedFrom === input.sourceId) {
        // Taken over by the hub: this source no longer writes it.
        counts.unchanged += 1;
        continue;
      }
      if (mine && mine.sourceId !== input.sourceId) {
        rejections.push({
          item: change.id,
          reason: 'an event with this id exists here from another source',
        });
        continue;
      }
      if (change.state === 'deleted') {
        gone.push(change.id);
        if (mine && !mine.deletedAt && !kept.has(change.id)) removals.push(change.id);
        else counts.unchanged += 1;
        continue;
      }
      if (!change.data) {
        rejections.push({ item: change.id, reason: 'an updated record must carry its data' });
        continue;
      }
      const data = change.data as EventData;
      if (
        Date.parse(data.endsAt) - Date.parse(data.startsAt) > MAX_EVENT_DAYS * 86_400_000 ||
        data.endsAt < data.startsAt
      ) {
        rejections.push({
          item: change.id,
          reason: `an event must end after it starts and last at most ${MAX_EVENT_DAYS} days`,
        });
        continue;
      }
      if (!known.has(data.chapterId)) {
        rejections.push({ item: change.id, reason: `unknown chapter "${data.chapterId}"` });
        continue;
      }
      const row = prepareEventRow(peerEventRow(data, input.sourceId, change.origin), {
        country: data.venue?.country ?? null,
      });
      if (mine && !mine.deletedAt && mine.hash === row.contentHash) {
        counts.unchanged += 1;
        continue;
      }
      writes.push({ row, isNew: !mine || mine.deletedAt !== null });
    }
    // A source under review publishes nothing itself: its new and changed events wait for a moderator.
    const gate = await gateImports(w, { sourceId: input.sourceId, incoming: writes });
    counts.created = gate.publish.filter((i) => i.isNew).length;
    counts.updated = gate.publish.length - counts.created;
    counts.unchanged += gate.rejected;

    const [upcomingRow] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(
        and(
          eq(events.sourceId, input.sourceId),
          isNull(events.deletedAt),
          sql`${events.startsAt} >= now()`,
        ),
      );
    const upcomingRemovals = removals.filter(
      (id) => (byId.get(id)?.startsAt ?? new Date(0)) >= input.now,
    ).length;
    const held =
      !input.allowMassRemoval && removalNeedsReview(upcomingRemovals, upcomingRow?.n ?? 0);

    await saveEvents(
      w,
      gate.publish.map((i) => i.row),
    );
    counts.held = gate.held.length;
    let removed: string[] = [];
    if (held) {
      counts.held += removals.length;
      // Rule 3's held removals wait in the moderation queue, one item per event.
      await queueRemovals(w, { sourceId: input.sourceId, eventIds: removals });
    } else if (removals.length > 0) {
      // Only rows that came from this very source can be removed by it.
      removed = await removeEvents(w, and(eq(events.sourceId, input.sourceId), byIds(removals)));
      counts.removed = removed.length;
    }
    await settleAfterSync(w, {
      sourceId: input.sourceId,
      removed,
      present: writes.map((i) => i.row.id!),
      gone,
      // A change feed is incremental: silence about an event is not its removal.
      heldNow: null,
    });
    counts.rejected = rejections.length;
    const result: ApplyResult = {
      counts,
      rejections,
      held,
      ...(held
        ? {
            heldReason: `${upcomingRemovals} of ${upcomingRow?.n ?? 0} upcoming events would be removed`,
          }
        : {}),
    };
    await input.finalize(w, result);
    return result;
  });
}

/** A peer's public Event back into a row, provenance pointing at the peer. */
function peerEventRow(e: EventData, sourceId: string, origin: string): NewEventRow {
  return {
    id: e.id,
    chapterId: e.chapterId,
    title: e.title,
    summary: e.summary,
    description: e.description,
    inLanguage: e.inLanguage,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
    timeZone: e.timeZone,
    allDay: e.allDay,
    status: e.status,
    previousStartsAt: e.previousStartsAt ? new Date(e.previousStartsAt) : null,
    attendanceMode: e.attendanceMode,
    venue: e.venue,
    onlineUrl: e.onlineUrl,
    registrationUrl: e.registrationUrl,
    capacity: e.capacity,
    tags: e.tags,
    principles: e.principles,
    accessibility: e.accessibility,
    sourceKind: 'instance',
    sourceId,
    upstreamUid: e.id,
    originInstance: origin,
    lastSeenAt: new Date(),
  };
}

/** A peer's chapter is created here, or refreshed when it came from that same origin. */
async function upsertPeerChapter(w: WriteCtx, c: ChapterData, origin: string) {
  const db = w.db;
  const row = {
    id: c.id,
    name: c.name,
    kind: c.kind,
    parentId: null as string | null,
    country: c.country,
    locality: c.locality,
    timeZone: c.timeZone,
    languages: c.languages,
    description: c.description,
    website: c.website,
    contact: c.contact,
    socialLinks: c.socialLinks,
    lat: c.location?.lat ?? null,
    lng: c.location?.lng ?? null,
    status: c.status,
    foundedOn: c.foundedOn,
    origin,
    searchText: searchTextOf(c.name, c.description, c.locality ?? undefined),
  };
  // The parent link is kept only when the parent is known here.
  if (c.parentId) {
    const [parent] = await db
      .select({ id: chapters.id })
      .from(chapters)
      .where(eq(chapters.id, c.parentId));
    if (parent) row.parentId = parent.id;
  }
  const [existed] = await db
    .select({ id: chapters.id, deletedAt: chapters.deletedAt })
    .from(chapters)
    .where(eq(chapters.id, c.id));
  const [written] = await db
    .insert(chapters)
    .values(row)
    .onConflictDoUpdate({
      target: chapters.id,
      set: { ...row, updatedAt: sql`now()`, deletedAt: null },
      // Same origin only, and only when something changed: a re-sync writes nothing.
      setWhere: sql`${chapters.origin} = ${origin} and (
        (${chapters.name}, ${chapters.kind}, ${chapters.parentId}, ${chapters.country}, ${chapters.locality},
         ${chapters.timeZone}, ${chapters.languages}, ${chapters.description}, ${chapters.website},
         ${chapters.contact}, ${chapters.socialLinks}, ${chapters.lat}, ${chapters.lng}, ${chapters.status},
         ${chapters.foundedOn}, ${chapters.deletedAt})
        is distinct from
        (excluded.name, excluded.kind, excluded.parent_id, excluded.country, excluded.locality,
         excluded.time_zone, excluded.languages, excluded.description, excluded.website,
         excluded.contact, excluded.social_links, excluded.lat, excluded.lng, excluded.status,
         excluded.founded_on, null::timestamptz))`,
    })
    .returning();
  if (written) {
    const created = !existed || existed.deletedAt !== null;
    await emit(w, [
      {
        type: created ? 'chapter.created' : 'chapter.updated',
        chapterId: written.id,
        data: toChapter(written),
      },
    ]);
  }
}
