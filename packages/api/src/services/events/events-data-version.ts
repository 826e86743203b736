import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { statementLog } from '../../db/client-statements.js';
import { rowsOf } from '../../db/rows-of.js';

/** Shards of the version (migration 0009): each committing writer moves one on. */
const SHARDS = 16;

/**
 * The version as SQL: the sum of the shards, null unless all of them are there
 * (without its rows nothing would move the version on, so none is trusted).
 */
export const EVENTS_DATA_VERSION = sql<string | null>`(select case when count(*) = ${sql.raw(
  String(SHARDS),
)} then sum("version")::text end from "data_versions" where "name" = 'events')`;

const VERSION_QUERY = sql`select ${EVENTS_DATA_VERSION} as "version"`;

/**
 * The version of the public event data (migrations 0006, 0009): it moves on, in
 * the same transaction, whenever a commit changed events, series or chapters. A
 * page built after reading version V holds V's data or newer, so a page kept
 * under V may be served again for as long as the version still reads V, by
 * this process or any other sharing the database. Null when its rows are missing.
 *
 * On the embedded database nothing but this process can write, and only
 * through statements it issues (see client-statements.ts): while none was
 * issued since the version was last read, that reading still holds and is
 * given again without a query.
 */
export async function eventsDataVersion(db: Db): Promise<string | null> {
  const log = statementLog(db);
  if (log) {
    const known = lastRead.get(db);
    if (known && known.issued === log.issued()) return known.version;
    const issued = log.issued();
    const alone = log.pending() === 0;
    const [row] = await log.quietQuery<{ version: string | null }>(VERSION_TEXT);
    const version = row?.version ?? null;
    // Kept only if nothing else was pending when it was read nor issued since.
    if (alone && log.issued() === issued) lastRead.set(db, { version, issued });
    return version;
  }
  const result = (await db.execute(VERSION_QUERY)) as unknown;
  const rows = rowsOf<{ version: string | null }>(result);
  return rows[0]?.version ?? null;
}

const VERSION_TEXT = new PgDialect().sqlToQuery(VERSION_QUERY).sql;

/** The embedded database's last version reading and the statement count it was read at. */
const lastRead = new WeakMap<Db, { version: string | null; issued: number }>();
