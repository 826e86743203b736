import type { ModerationItem } from '@oneteamgov/schema';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { micros } from '../../db/micros.js';
import { events, type ModerationItemRow, moderationItems } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { ServiceCtx } from '../context.js';
import { selectEvents } from '../events/select-events.js';
import { toEvent } from '../events/to-event.js';
import { publishedView, reviveRow } from './published-view.js';

export interface QueueInput {
  /** The chapters the caller moderates (null: all, for admins). */
  chapters: string[] | null;
  chapter?: string | undefined;
  source?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Pending items, oldest first (the order they were held in), keyset-paged on (heldAt, id). */
export async function listModerationQueue(
  ctx: ServiceCtx,
  input: QueueInput,
): Promise<{ data: ModerationItem[]; nextCursor: string | null }> {
  if (input.chapters?.length === 0) return { data: [], nextCursor: null };
  const where: (SQL | undefined)[] = [eq(moderationItems.status, 'pending')];
  if (input.chapters) where.push(inArray(moderationItems.chapterId, input.chapters));
  if (input.chapter) where.push(eq(moderationItems.chapterId, input.chapter));
  if (input.source) where.push(eq(moderationItems.sourceId, input.source));
  if (input.cursor) {
    const [at, id] = decodeCursor('moderation', input.cursor, 2) as [string, string];
    where.push(
      sql`(${moderationItems.heldAt}, ${moderationItems.id}) > (${at}::timestamptz, ${id})`,
    );
  }
  const rows = await ctx.db
    .select({ item: moderationItems, at: micros(moderationItems.heldAt) })
    .from(moderationItems)
    .where(and(...where))
    .orderBy(asc(moderationItems.heldAt), asc(moderationItems.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: await toModerationItems(
      ctx,
      page.map((p) => p.item),
    ),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor('moderation', [last.at, last.item.id])
        : null,
  };
}

/** Items as moderators see them: the event as it would be published, and as it is now. */
export async function toModerationItems(
  ctx: ServiceCtx,
  items: ModerationItemRow[],
): Promise<ModerationItem[]> {
  if (items.length === 0) return [];
  const current = await selectEvents(ctx.db).where(
    inArray(
      events.id,
      items.map((i) => i.eventId),
    ),
  );
  const byId = new Map(current.map((row) => [row.id, row]));
  const now = ctx.now();
  return items.flatMap((item): ModerationItem[] => {
    const live = byId.get(item.eventId);
    const base = {
      id: item.id,
      kind: item.kind,
      sourceId: item.sourceId,
      chapterId: item.chapterId,
      heldAt: item.heldAt.toISOString(),
    };
    if (item.kind === 'removed') {
      return live ? [{ ...base, event: toEvent(live), previous: null }] : [];
    }
    if (!item.row) return [];
    const row = reviveRow(item.row);
    const visibleBefore = live && live.deletedAt === null ? live : undefined;
    return [
      {
        ...base,
        event: publishedView(row, visibleBefore, now),
        previous: item.kind === 'changed' && visibleBefore ? toEvent(visibleBefore) : null,
      },
    ];
  });
}
