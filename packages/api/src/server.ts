import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { type Config, publicUrlOf } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { scheduleIdempotencyPurge } from './idempotency/housekeeping.js';
import { clientAddressFrom } from './rate-limit/client-address.js';
import { rateLimitsFromConfig } from './rate-limit/from-config.js';
import { isEmpty, seedDemoData } from './seed/seed.js';
import {
  materializeAllSeries,
  scheduleSeriesRollForward,
} from './services/series/materialize-all-series.js';
import { loadSourcesFile } from './sync/sources-file.js';
import { syncDepsFrom } from './sync/sync-deps.js';
import { createWorker } from './sync/worker.js';
import { VERSION } from './version.js';

/**
 * Opens the database, applies migrations, seeds an empty embedded database with
 * demo data (unless told not to) and starts listening. Returns a stop function
 * that drains connections and closes the database.
 */
export async function startServer(config: Config, logger: Logger, migrationsFolder: string) {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrationsFolder,
    maxConnections: config.DATABASE_POOL_SIZE,
  });
  await database.migrate();
  const publicUrl = publicUrlOf(config);
  const ctx = { db: database.db, now: () => new Date() };
  if (database.kind === 'pglite' && config.SEED_DEMO === 'auto' && (await isEmpty(ctx))) {
    const seeded = await seedDemoData(ctx, publicUrl);
    logger.info({ seeded }, 'empty embedded database: demo data loaded');
  }
  const series = await materializeAllSeries(ctx, logger);
  logger.debug({ series }, 'series windows up to date');
  const stopRollForward = scheduleSeriesRollForward(ctx, logger);
  const stopPurge = scheduleIdempotencyPurge(ctx, logger);
  if (config.SOURCES_FILE) {
    const declared = await loadSourcesFile(ctx, config.SOURCES_FILE);
    logger.info({ sources: declared }, 'sources declared from SOURCES_FILE');
  }
  const worker = createWorker(syncDepsFrom(config, database.db, logger, publicUrl), {
    pollMs: config.SYNC_POLL_SECONDS * 1000,
    leaseMs: 10 * 60_000,
  });
  if (config.WORKER === 'inline') worker.start();
  const rate = rateLimitsFromConfig(config, logger);
  const app = createApp({
    db: database.db,
    logger,
    publicUrl,
    instanceName: config.INSTANCE_NAME,
    version: VERSION,
    ping: database.ping,
    changesLagMs: config.CHANGES_LAG_MS,
    rateLimits: rate.limits,
    clientAddress: clientAddressFrom(config.TRUST_PROXY_HOPS),
    syncNow: worker.syncNow,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info(
    { port, host: config.HOST, database: database.kind, docs: `${publicUrl}/docs` },
    'listening',
  );
  return {
    port,
    database,
    worker,
    stop: async () => {
      stopRollForward();
      stopPurge();
      await worker.stop();
      await stopServer(server, database);
      await rate.close();
    },
  };
}

async function stopServer(
  server: { close(cb: (err?: Error) => void): void; closeAllConnections?: () => void },
  database: Database,
) {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would otherwise hold the process open after SIGTERM.
    server.closeAllConnections?.();
  });
  await database.close();
}
