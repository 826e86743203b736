import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Domain events, appended in the same transaction as the change they describe
 * (a rolled-back write leaves none; a committed one always has its row). `seq`
 * is allocated in order, so readers can walk the outbox; `id` is the stable
 * message id receivers de-duplicate on (`webhook-id`). Payloads are the public
 * resource exactly as the API returns it, never personal data.
 */
export const outbox = pgTable(
  'outbox',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull().unique(),
    type: text('type').notNull(),
    chapterId: text('chapter_id'),
    payload: jsonb('payload').$type<OutboxPayload>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
);

export interface OutboxPayload {
  type: string;
  timestamp: string;
  data: unknown;
}

export type OutboxRow = typeof outbox.$inferSelect;
