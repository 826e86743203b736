import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';

/** Opens and migrates the configured database for a one-shot command, and always closes it. */
export async function withDatabase<T>(
  config: Config,
  migrationsFolder: string,
  run: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrationsFolder,
  });
  try {
    await database.migrate();
    return await run(database);
  } finally {
    await database.close();
  }
}
