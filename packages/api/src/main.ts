#!/usr/bin/env node
import { KEYS_USAGE, keysCommand } from './cli/keys-command.js';
import { MCP_USAGE, mcpCommand } from './cli/mcp-command.js';
import { SOURCES_USAGE, sourcesCommand } from './cli/sources-command.js';
import { cliCtx, withDatabase } from './cli/with-database.js';
import { loadConfig, publicUrlOf } from './config.js';
import { defaultMigrationsFolder } from './db/paths.js';
import { createLogger } from './lib/logger.js';
import { seedDemoData } from './seed/seed.js';
import { startServer } from './server.js';
import { syncDepsFrom } from './sync/sync-deps.js';
import { createWorker } from './sync/worker.js';
import { workerMetricsFromConfig } from './telemetry/metrics-server.js';
import { deliveryWorkerFrom } from './webhooks/from-config.js';

const USAGE = `Usage: otg-hub <command>

Commands:
  serve     start the API (migrates first; seeds an empty embedded database;
            runs the sync and webhook workers inline unless WORKER=off)
  worker    run only the sync and webhook delivery workers (any number may run
            against one PostgreSQL)
  migrate   apply database migrations and exit
  seed      load the demo chapters and events and exit
${KEYS_USAGE}
${SOURCES_USAGE}
${MCP_USAGE}

Configuration is by environment variable; see docs/configuration.md.`;

/** Resolves on SIGTERM or SIGINT, after logging which. */
function untilSignal(logger: ReturnType<typeof createLogger>): Promise<void> {
  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  // The only place the environment is read.
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  // `otg-hub worker` has no HTTP server: its metrics get a listener of their own (METRICS_PORT).
  const metrics = command === 'worker' ? await workerMetricsFromConfig(config, logger) : undefined;
  // src/main.ts and dist/main.js both sit one level below the package root.
  const migrationsFolder = defaultMigrationsFolder(import.meta.url, 1);

  try {
    return await runCommand(command, argv, config, logger, migrationsFolder);
  } finally {
    await metrics?.close();
    // Logs are written asynchronously; let the last lines out before the process exits.
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  }
}

async function runCommand(
  command: string,
  argv: string[],
  config: ReturnType<typeof loadConfig>,
  logger: ReturnType<typeof createLogger>,
  migrationsFolder: string,
): Promise<number> {
  switch (command) {
    case 'serve': {
      const { stop } = await startServer(config, logger, migrationsFolder);
      await untilSignal(logger);
      await stop();
      return 0;
    }
    case 'worker':
      return withDatabase(config, migrationsFolder, async (database) => {
        const worker = createWorker(
          syncDepsFrom(config, database.db, logger, publicUrlOf(config)),
          {
            pollMs: config.SYNC_POLL_SECONDS * 1000,
            leaseMs: 10 * 60_000,
          },
        );
        const deliveries = deliveryWorkerFrom(config, database, logger, publicUrlOf(config));
        worker.start();
        await deliveries.start();
        logger.info({ workerId: worker.workerId }, 'sync and webhook delivery workers started');
        await untilSignal(logger);
        await Promise.all([worker.stop(), deliveries.stop()]);
        return 0;
      });
    case 'migrate':
      return withDatabase(config, migrationsFolder, async (database) => {
        logger.info({ database: database.kind }, 'migrations applied');
        return 0;
      });
    case 'seed':
      return withDatabase(config, migrationsFolder, async (database) => {
        const result = await seedDemoData(cliCtx(database.db, config), publicUrlOf(config));
        logger.info({ result }, 'demo data loaded');
        return 0;
      });
    case 'keys':
      return keysCommand(argv.slice(1), config, migrationsFolder);
    case 'sources':
      return sourcesCommand(argv.slice(1), config, logger, migrationsFolder);
    case 'mcp':
      return mcpCommand(config, migrationsFolder);
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
