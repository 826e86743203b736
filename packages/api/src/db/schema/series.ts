import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { chapters } from './chapters.js';
import { timestamps } from './columns.js';
import type { NewEventRow } from './events.js';

/** Event fields every occurrence of a series shares, unless overridden. */
export type SeriesTemplate = Omit<
  NewEventRow,
  'id' | 'chapterId' | 'startsAt' | 'endsAt' | 'timeZone' | 'seriesId' | 'recurrenceId'
>;

/** Per-occurrence overrides keyed by recurrence id (RFC 5545 RECURRENCE-ID semantics). */
export type SeriesOverrides = Record<
  string,
  Partial<SeriesTemplate> & { startsAt?: string; endsAt?: string }
>;

export const eventSeries = pgTable(
  'event_series',
  {
    id: text('id').primaryKey(),
    chapterId: text('chapter_id')
      .notNull()
      .references(() => chapters.id),
    rrule: text('rrule').notNull(),
    startLocal: text('start_local').notNull(),
    timeZone: text('time_zone').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    exdates: text('exdates').array().notNull().default(sql`'{}'::text[]`),
    rdates: text('rdates').array().notNull().default(sql`'{}'::text[]`),
    template: jsonb('template').$type<SeriesTemplate>().notNull(),
    overrides: jsonb('overrides').$type<SeriesOverrides>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t) => [index('event_series_chapter_idx').on(t.chapterId)],
);

export type SeriesRow = typeof eventSeries.$inferSelect;
