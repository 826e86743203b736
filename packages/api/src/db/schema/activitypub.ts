import type { webcrypto } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A chapter actor's signing keys (one RSA and one Ed25519 pair), created the
 * first time the actor is asked for. Kept as JWK so Fedify imports them as is.
 */
export const activitypubKeys = pgTable(
  'activitypub_keys',
  {
    chapterId: text('chapter_id').notNull(),
    algorithm: text('algorithm', { enum: ['RSASSA-PKCS1-v1_5', 'Ed25519'] }).notNull(),
    publicKey: jsonb('public_key').$type<webcrypto.JsonWebKey>().notNull(),
    privateKey: jsonb('private_key').$type<webcrypto.JsonWebKey>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chapterId, t.algorithm] })],
);

/** A remote actor following a chapter; an Undo(Follow) removes the row. */
export const activitypubFollowers = pgTable(
  'activitypub_followers',
  {
    chapterId: text('chapter_id').notNull(),
    actorId: text('actor_id').notNull(),
    inbox: text('inbox').notNull(),
    /** The server's shared inbox, when it has one: one delivery per server, not per follower. */
    sharedInbox: text('shared_inbox'),
    /** The Follow activity's id, answered by the Accept and matched by an Undo. */
    followId: text('follow_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.chapterId, t.actorId] }),
    index('activitypub_followers_created_idx').on(t.chapterId, t.createdAt, t.actorId),
  ],
);

/**
 * One activity to one inbox, signed as one chapter at send time. Claimed like
 * webhook deliveries: FOR UPDATE SKIP LOCKED with a lease, retried on a
 * schedule, so any number of workers share the work and none is lost.
 */
export const activitypubDeliveries = pgTable(
  'activitypub_deliveries',
  {
    id: text('id').primaryKey(),
    chapterId: text('chapter_id').notNull(),
    inbox: text('inbox').notNull(),
    activity: jsonb('activity').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    lockedUntil: instant('locked_until'),
    lastStatus: smallint('last_status'),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    index('activitypub_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('activitypub_deliveries_finished_idx').on(t.finishedAt),
  ],
);

/**
 * How far the fan-out has read the transactional outbox (one row). Rows are
 * read in `seq` order behind a hold-back, like the change feed, so a slow
 * commit's row is never skipped.
 */
export const activitypubCursor = pgTable('activitypub_cursor', {
  name: text('name').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export type ActivitypubFollowerRow = typeof activitypubFollowers.$inferSelect;
export type ActivitypubDeliveryRow = typeof activitypubDeliveries.$inferSelect;
