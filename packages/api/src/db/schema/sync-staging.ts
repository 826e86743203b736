import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rows of an iCalendar sync waiting to be applied, staged batch by batch as
 * the parse worker sends them, outside the run's transaction: the process
 * never holds a whole snapshot, and the apply (diff, upsert, outbox, removals)
 * is set-based in one short transaction. A run's rows are deleted when it
 * ends; rows of a run that died are deleted by the next run of its source.
 */
export const syncStaging = pgTable(
  'sync_staging',
  {
    runId: text('run_id').notNull(),
    sourceId: text('source_id').notNull(),
    /** The event's id (the imported row's natural key, hashed). */
    id: text('id').notNull(),
    /** Arrival order within the run: the apply writes in ranges of it. */
    ord: bigint('ord', { mode: 'number' }).notNull(),
    contentHash: text('content_hash').notNull(),
    upstreamUid: text('upstream_uid').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The prepared row as JSON (property names as in NewEventRow); null when the live event has this content already. */
    row: jsonb('row'),
    /** The row as the API would show it, but for what the database decides (sequence, timestamps, provenance). */
    event: jsonb('event'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.id] }),
    index('sync_staging_run_ord_idx').on(t.runId, t.ord),
    index('sync_staging_source_idx').on(t.sourceId),
  ],
);
