import type { FederationMembership, MemberRole, MembershipSummary } from '@oneteamgov/schema';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  chapters,
  type MembershipSummaryValue,
  membershipAggregates,
} from '../../db/schema/index.js';
import { getChapterOrThrow } from '../chapters/get-chapter.js';
import type { ServiceCtx } from '../context.js';

const MAX_CHAPTERS = 10_000;
const MAX_MONTHS = 600;

/** A chapter's public aggregates; a chapter nobody has joined yet shows zeros. */
export async function chapterMembership(
  ctx: ServiceCtx,
  chapterId: string,
): Promise<MembershipSummary> {
  await getChapterOrThrow(ctx, chapterId);
  const [row] = await ctx.db
    .select({ summary: membershipAggregates.summary })
    .from(membershipAggregates)
    .where(eq(membershipAggregates.chapterId, chapterId))
    .limit(1);
  return toSummary(chapterId, row?.summary);
}

/** Only the public fields, whatever else a stored summary might hold. */
export function toSummary(
  chapterId: string,
  summary: MembershipSummaryValue | undefined,
): MembershipSummary {
  return {
    chapterId,
    memberCount: summary?.memberCount ?? 0,
    organiserCount: summary?.organiserCount ?? 0,
    organisations: summary?.organisations ?? 0,
    growthByMonth: (summary?.growthByMonth ?? []).map((g) => ({
      month: g.month,
      joined: g.joined,
    })),
    publicProfiles: (summary?.publicProfiles ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role as MemberRole,
      organisation: p.organisation,
    })),
  };
}

/** Totals over every chapter's aggregates held here: this instance's and its peers'. */
export async function federationMembership(ctx: ServiceCtx): Promise<FederationMembership> {
  const rows = await ctx.db
    .select({
      chapterId: membershipAggregates.chapterId,
      origin: membershipAggregates.origin,
      summary: membershipAggregates.summary,
      updatedAt: membershipAggregates.updatedAt,
    })
    .from(membershipAggregates)
    .innerJoin(
      chapters,
      and(eq(chapters.id, membershipAggregates.chapterId), isNull(chapters.deletedAt)),
    )
    .orderBy(sql`${membershipAggregates.chapterId} collate "C"`, asc(membershipAggregates.origin))
    .limit(MAX_CHAPTERS);
  const months = new Map<string, number>();
  for (const { summary } of rows)
    for (const g of summary.growthByMonth)
      months.set(g.month, (months.get(g.month) ?? 0) + g.joined);
  return {
    chapterCount: rows.length,
    memberCount: rows.reduce((n, r) => n + r.summary.memberCount, 0),
    organiserCount: rows.reduce((n, r) => n + r.summary.organiserCount, 0),
    growthByMonth: [...months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(-MAX_MONTHS)
      .map(([month, joined]) => ({ month, joined })),
    chapters: rows.map((r) => ({
      chapterId: r.chapterId,
      origin: r.origin,
      memberCount: r.summary.memberCount,
      organiserCount: r.summary.organiserCount,
      organisations: r.summary.organisations,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
