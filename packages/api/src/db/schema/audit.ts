import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every write (a trigger in the migration refuses UPDATE
 * and DELETE). It names who (an API key id, a sync run, the CLI), what and when,
 * and carries a keyed hash of the input — never the input, never personal data.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['key', 'sync', 'cli', 'system'] }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    chapterId: text('chapter_id'),
    requestId: text('request_id'),
    inputHash: text('input_hash'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_chapter_idx').on(t.chapterId, t.at, t.id),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
