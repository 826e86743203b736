import { and, count, eq, sql } from 'drizzle-orm';
import { events, moderationItems, sources } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { byId, removeEvents, saveEvents } from '../events/persist-events.js';
import { type CanModerate, itemNotFound } from './moderation-errors.js';
import { reviveRow } from './published-view.js';

export type Decision = 'approved' | 'rejected';

/**
 * A moderator's decision on one held item. Approving publishes the held
 * content through the one write path (or applies the held removal); rejecting
 * keeps the public event as it is, and the same upstream content is not
 * queued again. Either way the decision is audited.
 */
export async function decideItem(
  ctx: ServiceCtx,
  input: { itemId: string; decision: Decision; canModerate: CanModerate },
) {
  return withTransaction(ctx, async (w) => {
    const [item] = await w.db
      .select()
      .from(moderationItems)
      .where(eq(moderationItems.id, input.itemId))
      .for('update');
    if (!item || !input.canModerate(item.chapterId)) throw itemNotFound(input.itemId);
    if (item.status !== 'pending') {
      throw new DomainError('conflict', `This item is no longer waiting: it was ${item.status}`);
    }
    if (input.decision === 'approved') {
      if (item.kind === 'removed') {
        // Only an event still imported by that very source can be removed by its feed.
        await removeEvents(w, and(eq(events.sourceId, item.sourceId), byId(item.eventId)));
      } else if (item.row) {
        await saveEvents(w, [reviveRow(item.row)]);
      }
    }
    const decidedAt = w.now();
    await w.db
      .update(moderationItems)
      .set({ status: input.decision, decidedAt, decidedBy: w.actor.id })
      .where(eq(moderationItems.id, item.id));
    if (item.kind === 'removed') await clearReviewWhenSettled(w, item.sourceId);
    await recordAudit(w, {
      action: input.decision === 'approved' ? 'moderation.approve' : 'moderation.reject',
      targetType: 'event',
      targetId: item.eventId,
      chapterId: item.chapterId,
    });
    return {
      id: item.id,
      kind: item.kind,
      status: input.decision,
      eventId: item.eventId,
      decidedAt: decidedAt.toISOString(),
    };
  });
}

/** A source held for review is fine again once moderators decided every removal it held. */
async function clearReviewWhenSettled(w: WriteCtx, sourceId: string): Promise<void> {
  const [open] = await w.db
    .select({ n: count() })
    .from(moderationItems)
    .where(
      and(
        eq(moderationItems.sourceId, sourceId),
        eq(moderationItems.kind, 'removed'),
        eq(moderationItems.status, 'pending'),
      ),
    );
  if ((open?.n ?? 0) > 0) return;
  await w.db
    .update(sources)
    .set({ status: 'ok', updatedAt: sql`now()` })
    .where(and(eq(sources.id, sourceId), eq(sources.status, 'needsReview')));
}
