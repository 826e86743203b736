#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { activityPubWorkerFrom } from './activitypub/delivery/from-config.js';
import { DOCTOR_USAGE, doctorCommand } from './cli/doctor.js';
import { HEALTHCHECK_USAGE, healthcheckCommand, startHeartbeat } from './cli/healthcheck.js';
import { KEYS_USAGE, keysCommand } from './cli/keys-command.js';
import { MCP_USAGE, mcpCommand } from './cli/mcp-command.js';
import { MEMBERS_USAGE, membersCommand } from './cli/members-command.js';
import { exitCodeOf } from './cli/operator-errors.js';
import { printSummary, withProgress } from './cli/progress.js';
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
            runs the sync, webhook and ActivityPub workers inline unless WORKER=off)
  worker    run only the sync, webhook and ActivityPub delivery workers (any number may run
            against one PostgreSQL); --heartbeat FILE for \`healthcheck --worker\`
  migrate   apply database migrations and exit
  seed      load the demo chapters and events and exit
${DOCTOR_USAGE}
${HEALTHCHECK_USAGE}
${KEYS_USAGE}
${SOURCES_USAGE}
${MEMBERS_USAGE}
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
  // src/main.ts and dist/main.js both sit one level below the package root.
  const migrationsFolder = defaultMigrationsFolder(import.meta.url, 1);
  // The doctor reports an invalid configuration as one of its checks.
  if (command === 'doctor') return doctorCommand(process.env, migrationsFolder);
  // The only place the environment is read.
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  // `otg-hub worker` has no HTTP server: its metrics get a listener of their own (METRICS_PORT).
  const metrics = command === 'worker' ? await workerMetricsFromConfig(config, logger) : undefined;

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
    case 'worker': {
      const heartbeat = parseArgs({
        args: argv.slice(1),
        options: { heartbeat: { type: 'string' } },
      }).values.heartbeat;
      return withDatabase(config, migrationsFolder, async (database) => {
        const worker = createWorker(
          syncDepsFrom(config, database.db, logger, publicUrlOf(config)),
          {
            pollMs: config.SYNC_POLL_SECONDS * 1000,
            leaseMs: config.SYNC_LEASE_SECONDS * 1000,
          },
        );
        const deliveries = deliveryWorkerFrom(config, database, logger, publicUrlOf(config));
        worker.start();
        await deliveries.start();
        const publishing = activityPubWorkerFrom(config, database, logger, publicUrlOf(config));
        await publishing.start();
        const stopHeartbeat = startHeartbeat(heartbeat);
        logger.info({ workerId: worker.workerId }, 'sync and webhook delivery workers started');
        await untilSignal(logger);
        stopHeartbeat();
        await Promise.all([worker.stop(), deliveries.stop(), publishing.stop()]);
        return 0;
      });
    }
    case 'migrate':
      return withDatabase(config, migrationsFolder, async (database) => {
        logger.info({ database: database.kind }, 'migrations applied');
        return 0;
      });
    case 'seed':
      return withDatabase(config, migrationsFolder, async (database) => {
        const result = await withProgress('loading the demo chapters and events', () =>
          seedDemoData(cliCtx(database.db, config), publicUrlOf(config)),
        );
        logger.info({ result }, 'demo data loaded');
        printSummary(
          result.events > 0
            ? [`demo data: ${result.chapters} chapters and ${result.events} events loaded`]
            : [
                'demo data: nothing added',
                '  skipped: demo events are already present (they are dated from the day they were loaded; a second set would duplicate them)',
              ],
        );
        return 0;
      });
    case 'keys':
      return keysCommand(argv.slice(1), config, migrationsFolder);
    case 'sources':
      return sourcesCommand(argv.slice(1), config, logger, migrationsFolder);
    case 'members':
      return membersCommand(argv.slice(1), config, migrationsFolder);
    case 'healthcheck':
      return healthcheckCommand(argv.slice(1), config);
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
    // Operators get the sentence that names what to fix; the stack only when asked for.
    console.error(error instanceof Error ? error.message : error);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
    process.exit(exitCodeOf(error));
  },
);
