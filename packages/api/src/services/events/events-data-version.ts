import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

const VERSION_QUERY = sql`select "version"::text as "version" from "data_versions" where "name" = 'events'`;

/**
 * The version of the public event data (migration 0006): it moves on, in the
 * same transaction, whenever a commit changed events, series or chapters. A
 * page built after reading version V holds V's data or newer, so a page kept
 * under V may be served again for as long as the version still reads V, by
 * this process or any other sharing the database. Null when the row is missing.
 */
export async function eventsDataVersion(db: Db): Promise<string | null> {
  const result = (await db.execute(VERSION_QUERY)) as unknown;
  // postgres.js answers with the rows, PGlite with { rows }.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    version: string;
  }[];
  // Without its row nothing would ever move the version on: then there is none to trust.
  return rows[0]?.version ?? null;
}
