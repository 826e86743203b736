import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
} from 'drizzle-orm/pg-core';
import { searchColumns, timestamps } from './columns.js';

export type LocalizedTextValue = Record<string, string>;

export const chapters = pgTable(
  'chapters',
  {
    id: text('id').primaryKey(),
    name: jsonb('name').$type<LocalizedTextValue>().notNull(),
    kind: text('kind', { enum: ['national', 'regional', 'local'] }).notNull(),
    parentId: text('parent_id').references((): AnyPgColumn => chapters.id),
    country: text('country'),
    locality: text('locality'),
    timeZone: text('time_zone').notNull(),
    languages: text('languages').array().notNull(),
    description: jsonb('description').$type<LocalizedTextValue>(),
    website: text('website'),
    contact: text('contact'),
    socialLinks: jsonb('social_links')
      .$type<{ network: string; url: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    status: text('status', { enum: ['active', 'dormant'] })
      .notNull()
      .default('active'),
    foundedOn: date('founded_on', { mode: 'string' }),
    origin: text('origin').notNull(),
    ...searchColumns(),
    ...timestamps(),
  },
  (t) => [
    index('chapters_country_idx').on(t.country, t.id),
    index('chapters_kind_idx').on(t.kind, t.id),
    index('chapters_parent_idx').on(t.parentId, t.id),
    index('chapters_search_idx').using('gin', t.searchVector),
    index('chapters_changes_idx').on(t.updatedAt, t.id),
  ],
);

export type ChapterRow = typeof chapters.$inferSelect;
export type NewChapterRow = typeof chapters.$inferInsert;
