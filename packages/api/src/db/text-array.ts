import { type SQL, sql } from 'drizzle-orm';

/** A text[] built from parameters (drizzle would spread a bare array into a list). */
export const textArray = (values: readonly string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
