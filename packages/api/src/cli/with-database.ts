import { type Config, publicUrlOf } from '../config.js';
import { type Database, type Db, openDatabase } from '../db/client.js';
import type { ServiceCtx } from '../services/context.js';
import { explainDatabaseError } from './operator-errors.js';

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
    await database.migrate().catch((error: unknown) => {
      throw explainDatabaseError(error, config.DATABASE_URL);
    });
    return await run(database);
  } finally {
    await database.close();
  }
}

/** The service context of a command-line action: the CLI is the actor in every audit entry. */
export function cliCtx(db: Db, config: Config): ServiceCtx {
  return {
    db,
    now: () => new Date(),
    actor: { type: 'cli', id: 'cli' },
    requestId: null,
    origin: publicUrlOf(config),
  };
}
