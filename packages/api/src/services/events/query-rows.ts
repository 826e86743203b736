import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows-of.js';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs `query` on the database's own client and returns its rows as the driver
 * decodes them. On PostgreSQL the statement is named after its SQL text
 * (postgres.js keeps one per distinct text and connection), so a query whose
 * text depends only on its shape is parsed and planned once per connection,
 * which drizzle's execute() (unnamed statements) does not do.
 */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const client = (db as { $client?: unknown }).$client;
  if (isPostgres(client)) {
    return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    })) as unknown as Row[];
  }
  if (isPglite(client)) return (await client.query<Row>(text, params)).rows;
  // A transaction's handle: no client of its own, so drizzle runs it unnamed.
  const result = (await db.execute(query)) as unknown;
  return rowsOf<Row>(result);
}

function isPostgres(client: unknown): client is postgres.Sql {
  return typeof (client as postgres.Sql | undefined)?.unsafe === 'function';
}

function isPglite(client: unknown): client is PGlite {
  return typeof (client as PGlite | undefined)?.query === 'function';
}
