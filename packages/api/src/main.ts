#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { exitCodeOf } from './cli/operator-errors.js';
import {
  DOCTOR_USAGE,
  HEALTHCHECK_USAGE,
  KEYS_USAGE,
  MCP_USAGE,
  MEMBERS_USAGE,
  SOURCES_USAGE,
} from './cli/usage.js';
import { loadConfig, publicUrlOf } from './config.js';
import { defaultMigrationsFolder } from './db/paths.js';
import { createLogger } from './lib/logger.js';

// Commands are loaded when run: a short command (a health check, a key, the doctor)
// does not pay for loading the HTTP app, ActivityPub and MCP it never uses.
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
  if (command === 'doctor') {
    const { doctorCommand } = await import('./cli/doctor.js');
    return doctorCommand(process.env, migrationsFolder);
  }
  // The only place the environment is read.
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  // `otg-hub worker` has no HTTP server: its metrics get a listener of their own (METRICS_PORT).
  const metrics =
    command === 'worker'
      ? await (await import('./telemetry/metrics-server.js')).workerMetricsFromConfig(
          config,
          logger,
        )
      : undefined;

  // Processes that exist to sync trade collection time for a smaller peak (sync/heap-growth.ts).
  if (command === 'worker' || (command === 'sources' && argv[1] === 'sync')) {
    const { limitHeapGrowthForSync } = await import('./sync/heap-growth.js');
    const flag = limitHeapGrowthForSync(config.SYNC_HEAP_GROWTH_PERCENT);
    if (flag) logger.debug({ flag }, 'heap growth limited for syncing');
  }

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
      const { startServer } = await import('./server.js');
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
      const [{ withDatabase }, { createWorker }, { syncDepsFrom }, webhooks, activityPub, health] =
        await Promise.all([
          import('./cli/with-database.js'),
          import('./sync/worker.js'),
          import('./sync/sync-deps.js'),
          import('./webhooks/from-config.js'),
          import('./activitypub/delivery/from-config.js'),
          import('./cli/healthcheck.js'),
        ]);
      return withDatabase(config, migrationsFolder, async (database) => {
        const worker = createWorker(
          syncDepsFrom(config, database.db, logger, publicUrlOf(config)),
          {
            pollMs: config.SYNC_POLL_SECONDS * 1000,
            leaseMs: config.SYNC_LEASE_SECONDS * 1000,
          },
        );
        const deliveries = webhooks.deliveryWorkerFrom(
          config,
          database,
          logger,
          publicUrlOf(config),
        );
        worker.start();
        await deliveries.start();
        const publishing = activityPub.activityPubWorkerFrom(
          config,
          database,
          logger,
          publicUrlOf(config),
        );
        await publishing.start();
        const stopHeartbeat = health.startHeartbeat(heartbeat);
        logger.info({ workerId: worker.workerId }, 'sync and webhook delivery workers started');
        await untilSignal(logger);
        stopHeartbeat();
        await Promise.all([worker.stop(), deliveries.stop(), publishing.stop()]);
        return 0;
      });
    }
    case 'migrate': {
      const { withDatabase } = await import('./cli/with-database.js');
      return withDatabase(config, migrationsFolder, async (database) => {
        logger.info({ database: database.kind }, 'migrations applied');
        return 0;
      });
    }
    case 'seed': {
      const [{ cliCtx, withDatabase }, { printSummary, withProgress }, { seedDemoData }] =
        await Promise.all([
          import('./cli/with-database.js'),
          import('./cli/progress.js'),
          import('./seed/seed.js'),
        ]);
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
    }
    case 'keys':
      return (await import('./cli/keys-command.js')).keysCommand(
        argv.slice(1),
        config,
        migrationsFolder,
      );
    case 'sources':
      return (await import('./cli/sources-command.js')).sourcesCommand(
        argv.slice(1),
        config,
        logger,
        migrationsFolder,
      );
    case 'members':
      return (await import('./cli/members-command.js')).membersCommand(
        argv.slice(1),
        config,
        migrationsFolder,
      );
    case 'healthcheck':
      return (await import('./cli/healthcheck.js')).healthcheckCommand(argv.slice(1), config);
    case 'mcp':
      return (await import('./cli/mcp-command.js')).mcpCommand(config, migrationsFolder);
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
