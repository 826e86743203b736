import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { NewEventRow } from './events.js';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An import held for a moderator: a new or changed event of a source under
 * review (`row` is what would be written), or a removal the delete breaker held.
 * A rejected item keeps its content hash, so the same upstream content is not
 * queued again; new content opens a new item.
 */
export const moderationItems = pgTable(
  'moderation_items',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['new', 'changed', 'removed'] }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] })
      .notNull()
      .default('pending'),
    eventId: text('event_id').notNull(),
    sourceId: text('source_id').notNull(),
    chapterId: text('chapter_id').notNull(),
    /** The prepared event row as the sync would write it (null for removals). */
    row: jsonb('row').$type<NewEventRow>(),
    contentHash: text('content_hash').notNull().default(''),
    heldAt: instant('held_at').notNull().defaultNow(),
    decidedAt: instant('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    // One open item per event: newer upstream content replaces the pending one.
    uniqueIndex('moderation_pending_event_idx').on(t.eventId).where(sql`${t.status} = 'pending'`),
    // The queue's keyset order, per chapter and overall.
    index('moderation_queue_idx').on(t.heldAt, t.id).where(sql`${t.status} = 'pending'`),
    index('moderation_chapter_queue_idx')
      .on(t.chapterId, t.heldAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('moderation_rejected_idx').on(t.eventId).where(sql`${t.status} = 'rejected'`),
    // Each sync reads its source's open and rejected items; decided history only grows.
    index('moderation_source_idx')
      .on(t.sourceId, t.kind)
      .where(sql`${t.status} in ('pending', 'rejected')`),
  ],
);

export type ModerationItemRow = typeof moderationItems.$inferSelect;
