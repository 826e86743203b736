import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { observePostgres } from '../telemetry/observe-postgres.js';
import { setGenericPlanPool } from './generic-plan-pool.js';
import * as schema from './schema/index.js';

/** Arbitrary constant identifying the migration advisory lock. */
const MIGRATION_LOCK = 7_263_001;

/**
 * How the pool behaves while PostgreSQL is away. postgres.js's defaults wait 30 s
 * for a connect and, after failures, hold every new connection back for up to
 * 20 s (exponential back-off shared by the pool): requests hung that long during
 * a restart and kept failing well after the server was back. Here a connect
 * gives up after 2 s, and a reconnect waits at most a quarter of a second, so
 * each request fails fast (a 503) while the server is down and the first one
 * after it is back succeeds.
 */
const OUTAGE_OPTIONS = {
  connect_timeout: 2,
  backoff: (retries: number) => Math.min(0.05 * retries, 0.25),
} as const;

/** Readiness must answer within a second (probes time out at one), so a slow ping counts as down. */
const PING_DEADLINE_MS = 800;

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed drizzle-kit migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer a trivial query within 800 ms (used by /readyz). */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` on every NOTIFY of `channel` (delivered at commit), until
   * the returned function is called. Reconnects are the driver's business.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Directory for the embedded database; absent means in-memory. */
  dataDir?: string | undefined;
  /**
   * A dump (PGlite's `dumpDataDir()`) an in-memory embedded database starts
   * from instead of an empty cluster: loading one costs a fraction of creating
   * a cluster and migrating it, which is what tests opening many databases pay.
   */
  initialData?: Blob | undefined;
  migrationsFolder: string;
  /** Connection pool size for PostgreSQL. */
  maxConnections?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { migrationsFolder } = options;
  if (options.url) {
    const url = options.url;
    const { main, generic } = splitPool(options.maxConnections ?? 10);
    const client = postgres(url, {
      max: main,
      onnotice: () => {},
      // Instants round-trip as Date objects; connection sessions run in UTC.
      connection: { TimeZone: 'UTC' },
      ...OUTAGE_OPTIONS,
    });
    // Pool use for /metrics and, when tracing, a span per statement.
    const unobserve = observePostgres(client, main);
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
    // Event-list pages (see generic-plan-pool.ts); a pool of one connection has none to spare.
    const genericPool =
      generic > 0
        ? postgres(url, {
            max: generic,
            onnotice: () => {},
            connection: { TimeZone: 'UTC', plan_cache_mode: 'force_generic_plan' },
            ...OUTAGE_OPTIONS,
          })
        : undefined;
    const unobserveGeneric = genericPool ? observePostgres(genericPool, generic) : () => {};
    if (genericPool) {
      // Values cross the generic pool as drizzle's driver set the main one up (instants and JSON as given).
      Object.assign(genericPool.options.parsers, client.options.parsers);
      Object.assign(genericPool.options.serializers, client.options.serializers);
      setGenericPlanPool(db, genericPool);
    }
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        // Replicas starting together must not race: migrate under an advisory
        // lock, on a client with a single connection so the lock covers every statement.
        const single = postgres(url, { max: 1, onnotice: () => {}, ...OUTAGE_OPTIONS });
        try {
          await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(single), { migrationsFolder });
        } finally {
          await single.end({ timeout: 5 });
        }
      },
      ping: () => withDeadline(db.execute(sql`select 1`), PING_DEADLINE_MS),
      listen: async (channel, onNotify) => {
        const { unlisten } = await client.listen(channel, onNotify);
        return unlisten;
      },
      close: async () => {
        unobserve();
        unobserveGeneric();
        await Promise.all([client.end({ timeout: 5 }), genericPool?.end({ timeout: 5 })]);
      },
    };
  }
  // Loaded only here: a process on PostgreSQL never loads PGlite (its code alone is about 10 MB).
  const { openPglite } = await import('./open-pglite.js');
  return openPglite(options);
}

/**
 * The connections a process may open (DATABASE_POOL_SIZE), shared between the
 * main pool and the generic-plan pool: half each, at least one each. postgres.js
 * opens them only when needed.
 */
/** Half the connections for list pages with a generic plan; none when there is only one. */
function splitPool(max: number): { main: number; generic: number } {
  const generic = max >= 2 ? Math.floor(max / 2) : 0;
  return { main: Math.max(1, max - generic), generic };
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
