import { sql } from 'drizzle-orm';
import {
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { chapters } from './chapters.js';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface ConsentValue {
  granted: boolean;
  recordedAt: string;
  noticeVersion: string;
}

export interface ConsentEventValue extends ConsentValue {
  purpose: 'publicProfile' | 'contactable';
}

/**
 * Members: personal data. Rows are hard-deleted on removal or erasure; nothing
 * else in the database copies a member's name or e-mail.
 */
export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    chapterId: text('chapter_id')
      .notNull()
      .references(() => chapters.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['member', 'organiser', 'admin'] })
      .notNull()
      .default('member'),
    organisation: text('organisation'),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    publicProfile: jsonb('public_profile').$type<ConsentValue>(),
    contactable: jsonb('contactable').$type<ConsentValue>(),
    /** Every consent given or withdrawn, oldest first (exported with the member). */
    consentHistory: jsonb('consent_history')
      .$type<ConsentEventValue[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_chapter_email_idx').on(t.chapterId, sql`lower(${t.email})`),
    index('members_chapter_idx').on(t.chapterId, t.createdAt, t.id),
  ],
);

/**
 * Erased people, as a keyed hash of their normalised e-mail per chapter, so a
 * later import does not bring them back. The key lives in instance_secrets.
 */
export const memberSuppressions = pgTable(
  'member_suppressions',
  {
    chapterId: text('chapter_id').notNull(),
    emailHash: text('email_hash').notNull(),
    erasedAt: instant('erased_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chapterId, t.emailHash] })],
);

export interface MembershipSummaryValue {
  memberCount: number;
  organiserCount: number;
  organisations: number;
  growthByMonth: { month: string; joined: number }[];
  publicProfiles: { id: string; name: string; role: string; organisation: string | null }[];
}

/**
 * Public membership aggregates per chapter: recomputed on every member write for
 * local chapters, copied from peers' change feeds for theirs. This is all that
 * crosses instances; member rows never do.
 */
export const membershipAggregates = pgTable(
  'membership_aggregates',
  {
    chapterId: text('chapter_id').primaryKey(),
    summary: jsonb('summary').$type<MembershipSummaryValue>().notNull(),
    origin: text('origin').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('membership_aggregates_changes_idx').on(t.updatedAt, t.chapterId)],
);

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;
