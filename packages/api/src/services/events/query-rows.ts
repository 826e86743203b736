import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Db } from '../../db/client.js';
import { statementLog } from '../../db/client-statements.js';
import { genericPlanPool } from '../../db/generic-plan-pool.js';
import { queryNamed } from '../../db/pglite-named-statements.js';
import { rowsOf } from '../../db/rows-of.js';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs `query` on the database's own client and returns its rows as the driver
 * decodes them, as a named statement: parsed once per distinct text and
 * connection (drizzle's execute() sends unnamed ones, parsed again every
 * time). On PostgreSQL postgres.js names it after its text; on PGlite,
 * pglite-named-statements.ts does, and it counts in the statement log like any
 * other statement.
 *
 * With `genericPlan`, it is also planned only once per connection (see
 * generic-plan-pool.ts): only for a statement whose best plan is the same
 * whatever its parameters' values. Otherwise PostgreSQL plans it for each
 * execution's values, as it does for any statement with parameters.
 */
export async function queryRows<Row>(
  db: Db,
  query: SQL,
  options: { genericPlan?: boolean } = {},
): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const client = (db as { $client?: unknown }).$client;
  if (isPostgres(client)) {
    const pool = (options.genericPlan && genericPlanPool(db)) || client;
    return (await pool.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    })) as unknown as Row[];
  }
  if (isPglite(client)) {
    const log = statementLog(db);
    const run = () => queryNamed<Row>(client, text, params, options.genericPlan ?? false);
    return log ? log.counted(run) : run();
  }
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
