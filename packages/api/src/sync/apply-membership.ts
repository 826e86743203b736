import type { Change } from '@oneteamgov/schema';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { chapters, membershipAggregates } from '../db/schema/index.js';
import type { WriteCtx } from '../services/context.js';
import { toSummary } from '../services/members/read-membership.js';
import { emit } from '../services/outbox/emit.js';
import { forgetDepartedProfiles } from '../services/outbox/forget-profiles.js';
import type { Rejection } from './counts.js';

type MembershipChange = Extract<Change, { kind: 'membership' }>;

/**
 * Copies a peer's public membership aggregates. Only aggregates cross instances
 * (member rows never do), and only from the instance that owns the chapter, so
 * one peer cannot overwrite another's figures or this instance's own.
 */
export async function applyPeerMemberships(
  w: WriteCtx,
  changes: MembershipChange[],
  rejections: Rejection[],
): Promise<void> {
  const db = w.db;
  for (const change of changes) {
    const [chapter] = await db
      .select({ origin: chapters.origin })
      .from(chapters)
      .where(and(eq(chapters.id, change.id), isNull(chapters.deletedAt)));
    if (!chapter) {
      rejections.push({ item: change.id, reason: `unknown chapter "${change.id}"` });
      continue;
    }
    if (chapter.origin !== change.origin) {
      rejections.push({
        item: change.id,
        reason: 'membership figures of a chapter owned by another instance',
      });
      continue;
    }
    if (change.state === 'deleted') {
      await db
        .delete(membershipAggregates)
        .where(
          and(
            eq(membershipAggregates.chapterId, change.id),
            eq(membershipAggregates.origin, change.origin),
          ),
        );
      await forgetDepartedProfiles(w, change.id, toSummary(change.id, undefined));
      continue;
    }
    if (!change.data || (change.data.chapterId !== null && change.data.chapterId !== change.id)) {
      rejections.push({ item: change.id, reason: 'the figures must be those of the chapter' });
      continue;
    }
    const { chapterId: _, ...summary } = toSummary(change.id, change.data);
    const written = await db
      .insert(membershipAggregates)
      .values({ chapterId: change.id, summary, origin: change.origin })
      .onConflictDoUpdate({
        target: membershipAggregates.chapterId,
        set: { summary, updatedAt: sql`now()` },
        // Same origin only, and only when the figures changed: a re-sync writes nothing.
        setWhere: sql`${membershipAggregates.origin} = excluded.origin
          and ${membershipAggregates.summary} is distinct from excluded.summary`,
      })
      .returning({ chapterId: membershipAggregates.chapterId });
    if (written.length > 0) {
      const published = toSummary(change.id, summary);
      await forgetDepartedProfiles(w, change.id, published);
      await emit(w, [
        {
          type: 'membership.updated',
          chapterId: change.id,
          data: { chapterId: change.id, summary: published },
        },
      ]);
    }
  }
}
