import { sql } from 'drizzle-orm';
import { customType, text, timestamp } from 'drizzle-orm/pg-core';

/** tsvector over the accent-folded search text (see lib/fold-text.ts). */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Full-text search uses the `simple` configuration on text folded in the
 * application (lower case, accents stripped), so one index serves every language
 * and PGlite and PostgreSQL behave the same without the unaccent extension.
 */
export function searchColumns() {
  return {
    searchText: text('search_text').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('simple'::regconfig, search_text)`,
    ),
  };
}

export function timestamps() {
  return {
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  };
}
