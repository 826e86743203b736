import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { chapters } from './chapters.js';
import { timestamps } from './columns.js';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface SyncCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: number;
  held: number;
}

/**
 * A feed a chapter's events are pulled from. The URL may carry secrets (private
 * calendar links embed tokens), so it is never returned by the public API.
 */
export const sources = pgTable(
  'sources',
  {
    id: text('id').primaryKey(),
    chapterId: text('chapter_id')
      .notNull()
      .references(() => chapters.id),
    kind: text('kind', { enum: ['instance', 'ics'] }).notNull(),
    url: text('url').notNull(),
    intervalMinutes: integer('interval_minutes').notNull().default(60),
    /** New and changed imports wait in the moderation queue instead of going live. */
    review: boolean('review').notNull().default(false),
    status: text('status', { enum: ['ok', 'stale', 'failing', 'needsReview'] })
      .notNull()
      .default('ok'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** Resume position in a peer instance's change feed. */
    feedCursor: text('feed_cursor'),
    lastAttemptAt: instant('last_attempt_at'),
    lastSuccessAt: instant('last_success_at'),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    itemCount: integer('item_count').notNull().default(0),
    /** Which worker holds the source, and until when: claims expire if a worker dies. */
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: instant('lease_expires_at'),
    ...timestamps(),
  },
  (t) => [
    index('sources_chapter_idx').on(t.chapterId),
    index('sources_due_idx').on(t.nextAttemptAt).where(sql`${t.deletedAt} is null`),
  ],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    httpStatus: integer('http_status'),
    /** `running` until the run ends; a run whose worker died is later marked `interrupted`. */
    outcome: text('outcome', {
      enum: ['running', 'success', 'notModified', 'failed', 'held', 'interrupted'],
    }).notNull(),
    counts: jsonb('counts').$type<SyncCounts>().notNull(),
    rejections: jsonb('rejections')
      .$type<{ item: string; reason: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    error: text('error'),
  },
  (t) => [index('sync_runs_source_idx').on(t.sourceId, t.startedAt)],
);

export type SourceRow = typeof sources.$inferSelect;
export type SyncRunRow = typeof syncRuns.$inferSelect;
