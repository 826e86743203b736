/** Loading the bench's data set into PostgreSQL and into an embedded PGlite directory. */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../packages/api/src/db/client.js';
import { log } from './bench-log.js';
import type { BenchConfig } from './config.js';
import { MIGRATIONS_FOLDER, recreateDatabase } from './db.js';
import { type LoadSummary, loadData } from './load-data.js';

export async function loadPostgres(
  config: BenchConfig,
  now: Date,
): Promise<LoadSummary & { sizes: Record<string, number> }> {
  await recreateDatabase(config.adminUrl, config.databaseName);
  const database = await openDatabase({
    url: config.databaseUrl,
    migrationsFolder: MIGRATIONS_FOLDER,
    maxConnections: 2,
  });
  try {
    await database.migrate();
    const summary = await loadData(database.db, {
      total: config.events,
      now,
      onProgress: (done) => {
        if (done % 20_000 === 0) log(`  … ${done.toLocaleString('en-GB')} one-off events inserted`);
      },
    });
    const client = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
    await client.unsafe('vacuum analyze');
    const sizes = await relationSizes(client);
    await client.end({ timeout: 5 });
    return { ...summary, sizes };
  } finally {
    await database.close();
  }
}

/** On-disk size of the events table and each of its indexes, in bytes (reported with the data set). */
async function relationSizes(client: postgres.Sql) {
  const rows = await client<{ name: string; bytes: string }[]>`
    select 'events (table)' as name, pg_table_size('events')::text as bytes
    union all
    select indexrelname, pg_relation_size(indexrelid)::text
    from pg_stat_user_indexes where relname = 'events'
    order by 1`;
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)]));
}

export function describeSizes(sizes: Record<string, number>): string {
  return Object.entries(sizes)
    .map(([name, bytes]) => `${name} ${(bytes / 2 ** 20).toFixed(1)} MB`)
    .join(', ');
}

export async function loadPglite(
  config: BenchConfig,
  dataDir: string,
  now: Date,
): Promise<LoadSummary> {
  const database = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
  try {
    await database.migrate();
    const summary = await loadData(database.db, { total: config.pgliteEvents, now });
    await database.db.execute(sql.raw('vacuum analyze'));
    return summary;
  } finally {
    await database.close();
  }
}
