import { MAX_PUBLIC_PROFILES } from '@oneteamgov/schema';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type MembershipSummaryValue,
  members,
  membershipAggregates,
} from '../../db/schema/index.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { emit } from '../outbox/emit.js';
import { forgetDepartedProfiles } from '../outbox/forget-profiles.js';
import { toSummary } from './read-membership.js';

/** Fifty years of months: the bound the public schema puts on growthByMonth. */
const MAX_MONTHS = 600;

/** The public aggregates of one chapter, computed from its member rows. */
export async function computeSummary(db: Db, chapterId: string): Promise<MembershipSummaryValue> {
  const [counts] = await db
    .select({
      memberCount: sql<number>`count(*)::int`,
      organiserCount: sql<number>`(count(*) filter (where ${members.role} in ('organiser', 'admin')))::int`,
      // Case variants of one body's name count once.
      organisations: sql<number>`count(distinct lower(${members.organisation}))::int`,
    })
    .from(members)
    .where(eq(members.chapterId, chapterId));
  const month = sql<string>`to_char(${members.joinedOn}, 'YYYY-MM')`;
  const months = await db
    .select({ month, joined: sql<number>`count(*)::int` })
    .from(members)
    .where(eq(members.chapterId, chapterId))
    .groupBy(month)
    .orderBy(sql`1 desc`)
    .limit(MAX_MONTHS);
  const profiles = await db
    .select({
      id: members.id,
      name: members.name,
      role: members.role,
      organisation: members.organisation,
    })
    .from(members)
    .where(
      and(eq(members.chapterId, chapterId), sql`(${members.publicProfile}->>'granted') = 'true'`),
    )
    .orderBy(asc(members.joinedOn), sql`${members.id} collate "C"`)
    .limit(MAX_PUBLIC_PROFILES);
  return {
    memberCount: counts?.memberCount ?? 0,
    organiserCount: counts?.organiserCount ?? 0,
    organisations: counts?.organisations ?? 0,
    growthByMonth: months.reverse(),
    publicProfiles: profiles,
  };
}

/**
 * Brings a local chapter's aggregate row up to date. `updated_at` moves (and the
 * change feed carries the row again) only when the summary actually changed.
 */
export async function recomputeMembership(w: WriteCtx, chapterId: string): Promise<void> {
  const summary = await computeSummary(w.db, chapterId);
  const origin = w.origin;
  const changed = await w.db
    .insert(membershipAggregates)
    .values({ chapterId, summary, origin })
    .onConflictDoUpdate({
      target: membershipAggregates.chapterId,
      set: { summary, origin, updatedAt: sql`now()` },
      setWhere: sql`(${membershipAggregates.summary}, ${membershipAggregates.origin})
        is distinct from (excluded.summary, excluded.origin)`,
    })
    .returning({ chapterId: membershipAggregates.chapterId });
  // Aggregates only: the announcement carries what the public summary shows, no member record.
  if (changed.length > 0) {
    const published = toSummary(chapterId, summary);
    await forgetDepartedProfiles(w, chapterId, published);
    await emit(w, [
      { type: 'membership.updated', chapterId, data: { chapterId, summary: published } },
    ]);
  }
}

/**
 * Member writes of one chapter run one at a time, so each recomputed aggregate
 * sees every write committed before it and a stale summary never lands last.
 */
export async function lockChapterMembers(db: Db, chapterId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`members:${chapterId}`}))`);
}

/** Runs a member write and the aggregate recomputation in one transaction. */
export function withMemberWrite<T>(
  ctx: ServiceCtx,
  chapterId: string,
  write: (w: WriteCtx) => Promise<T>,
): Promise<T> {
  return withTransaction(ctx, async (w) => {
    await lockChapterMembers(w.db, chapterId);
    const result = await write(w);
    await recomputeMembership(w, chapterId);
    return result;
  });
}
