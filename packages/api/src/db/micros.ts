import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamp as fixed-width text with PostgreSQL's microseconds. Cursors use it:
 * JavaScript dates round to milliseconds, which would skip or repeat rows that
 * share one.
 */
export const micros = (column: AnyPgColumn): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
