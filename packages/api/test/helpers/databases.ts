import type { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { defaultMigrationsFolder } from '../../src/db/paths.js';
import { createScratchDatabase } from './scratch-postgres.js';

export const migrationsFolder = defaultMigrationsFolder(import.meta.url, 2);

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty PostgreSQL database each suite's database is a copy of (test/global-setup.ts); '' without one. */
    postgresTemplate: string;
  }
}

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDb>;
}

/** A suite's database; on PostgreSQL, `connectAgain` opens a second pool on the same database. */
export type TestDb = Database & {
  connectAgain?: () => Promise<Database>;
  /** The suite's own PostgreSQL database, for child processes to connect to. */
  url?: string;
};

/**
 * Every database suite runs on embedded PGlite, and on PostgreSQL too when
 * TEST_DATABASE_URL is set. Each suite gets a database of its own (a fresh
 * in-memory PGlite, or a freshly created PostgreSQL database dropped on close),
 * so no suite sees another's rows and order never matters.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: openPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgres(url) });
  return list;
}

async function openPglite(): Promise<TestDb> {
  const database = await openDatabase({ migrationsFolder, initialData: await migratedCluster() });
  // Applies nothing (the dump is migrated); kept so a suite sees exactly what a start does.
  await database.migrate();
  return database;
}

let migrated: Promise<Blob> | undefined;

/**
 * An empty, migrated embedded cluster, dumped once per test worker: every PGlite
 * suite starts from a copy. Creating a cluster and applying every migration
 * inside WebAssembly costs several CPU-seconds; loading the dump about a third
 * of that. Each suite still gets a database of its own.
 */
function migratedCluster(): Promise<Blob> {
  migrated ??= (async () => {
    const database = await openDatabase({ migrationsFolder });
    try {
      await database.migrate();
      const client = (database.db as unknown as { $client: PGlite }).$client;
      return await client.dumpDataDir('none');
    } finally {
      await database.close();
    }
  })();
  return migrated;
}

async function openPostgres(adminUrl: string): Promise<TestDb> {
  // Copying the run's migrated template skips applying every migration per suite.
  const scratch = await createScratchDatabase(
    adminUrl,
    'otg_test',
    inject('postgresTemplate') || undefined,
  );
  const open = () => openDatabase({ url: scratch.url, migrationsFolder, maxConnections: 4 });
  const database = await open();
  await database.migrate();
  return {
    ...database,
    url: scratch.url,
    connectAgain: open,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
