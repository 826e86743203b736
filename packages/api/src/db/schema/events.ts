import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { LocalizedTextValue } from './chapters.js';
import { chapters } from './chapters.js';
import { searchColumns, timestamps } from './columns.js';

export interface VenueValue {
  name: string;
  address: string | null;
  locality: string | null;
  postalCode: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  addressVisibility: 'public' | 'onRequest';
}

export interface AccessibilityValue {
  features: string[];
  notes: LocalizedTextValue | null;
}

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    chapterId: text('chapter_id')
      .notNull()
      .references(() => chapters.id),
    title: jsonb('title').$type<LocalizedTextValue>().notNull(),
    summary: jsonb('summary').$type<LocalizedTextValue>(),
    description: jsonb('description').$type<LocalizedTextValue>(),
    inLanguage: text('in_language').array().notNull().default(sql`'{}'::text[]`),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    timeZone: text('time_zone').notNull(),
    allDay: boolean('all_day').notNull().default(false),
    status: text('status', {
      enum: ['scheduled', 'cancelled', 'postponed', 'rescheduled', 'movedOnline'],
    })
      .notNull()
      .default('scheduled'),
    previousStartsAt: instant('previous_starts_at'),
    attendanceMode: text('attendance_mode', { enum: ['inPerson', 'online', 'hybrid'] })
      .notNull()
      .default('inPerson'),
    venue: jsonb('venue').$type<VenueValue>(),
    // Denormalised from venue (or the chapter) so country and distance filters use indexes.
    country: text('country'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    onlineUrl: text('online_url'),
    registrationUrl: text('registration_url'),
    capacity: integer('capacity'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    principles: text('principles').array().notNull().default(sql`'{}'::text[]`),
    accessibility: jsonb('accessibility')
      .$type<AccessibilityValue>()
      .notNull()
      .default(sql`'{"features":[],"notes":null}'::jsonb`),
    seriesId: text('series_id'),
    recurrenceId: text('recurrence_id'),
    sourceKind: text('source_kind', { enum: ['push', 'instance', 'ics', 'demo'] })
      .notNull()
      .default('push'),
    sourceId: text('source_id'),
    upstreamUid: text('upstream_uid'),
    /** The publisher's own id for a pushed event (PUT by external id upserts on it). */
    externalId: text('external_id'),
    originInstance: text('origin_instance').notNull(),
    lastSeenAt: instant('last_seen_at'),
    sequence: integer('sequence').notNull().default(0),
    contentHash: text('content_hash').notNull().default(''),
    /** Hidden by a moderator: out of every public output, whatever syncs bring (see moderation). */
    hiddenAt: instant('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: text('hidden_by'),
    /** The source this event was taken over from: that source's syncs leave it alone. */
    detachedFrom: text('detached_from'),
    ...searchColumns(),
    ...timestamps(),
  },
  (t) => [
    // Keyset order (starts_at, id) with and without a chapter filter.
    index('events_starts_idx').on(t.startsAt, t.id).where(sql`${t.deletedAt} is null`),
    index('events_chapter_starts_idx')
      .on(t.chapterId, t.startsAt, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('events_country_starts_idx').on(t.country, t.startsAt).where(sql`${t.deletedAt} is null`),
    index('events_location_idx').on(t.lat, t.lng),
    index('events_tags_idx').using('gin', t.tags),
    index('events_principles_idx').using('gin', t.principles),
    index('events_in_language_idx').using('gin', t.inLanguage),
    index('events_search_idx').using('gin', t.searchVector),
    uniqueIndex('events_chapter_external_idx').on(t.chapterId, t.externalId),
    uniqueIndex('events_series_occurrence_idx').on(t.seriesId, t.recurrenceId),
    // A source's own records, for diffing a sync run against exactly them.
    index('events_source_idx').on(t.sourceId, t.startsAt),
    // The change feed walks (updated_at, id), tombstones included.
    index('events_changes_idx').on(t.updatedAt, t.id),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
