#!/usr/bin/env node
import { loadConfig, publicUrlOf } from './config.js';
import { openDatabase } from './db/client.js';
import { defaultMigrationsFolder } from './db/paths.js';
import { createLogger } from './lib/logger.js';
import { seedDemoData } from './seed/seed.js';
import { startServer } from './server.js';

const USAGE = `Usage: otg-hub <command>

Commands:
  serve     start the API (migrates first; seeds an empty embedded database)
  migrate   apply database migrations and exit
  seed      load the demo chapters and events and exit

Environment: PORT, HOST, DATABASE_URL, DATA_DIR, LOG_LEVEL, PUBLIC_URL,
INSTANCE_NAME, SEED_DEMO (auto|never), DATABASE_POOL_SIZE. See docs/configuration.md.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  // The only place the environment is read.
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  // src/main.ts and dist/main.js both sit one level below the package root.
  const migrationsFolder = defaultMigrationsFolder(import.meta.url, 1);

  if (command === 'serve') {
    const { stop } = await startServer(config, logger, migrationsFolder);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        void stop().then(resolve);
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
    return 0;
  }
  if (command === 'migrate' || command === 'seed') {
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      migrationsFolder,
    });
    try {
      await database.migrate();
      logger.info({ database: database.kind }, 'migrations applied');
      if (command === 'seed') {
        const result = await seedDemoData(
          { db: database.db, now: () => new Date() },
          publicUrlOf(config),
        );
        logger.info({ result }, 'demo data loaded');
      }
    } finally {
      await database.close();
    }
    return 0;
  }
  console.error(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
