import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { activityPubWorkerFrom, outboundAllowList } from './activitypub/delivery/from-config.js';
import { createApp } from './app.js';
import { explainDatabaseError, explainListenError } from './cli/operator-errors.js';
import { type Config, publicUrlOf } from './config.js';
import { openDatabase } from './db/client.js';
import { createMetrics } from './lib/metrics.js';
import { probeListenAddress } from './lib/probe-listen-address.js';
import { answerClientErrors } from './lifecycle/client-errors.js';
import { drainable } from './lifecycle/drain.js';
import { surviveDatabaseOutages } from './lifecycle/survive-outages.js';
import { clientAddressFrom } from './rate-limit/client-address.js';
import { rateLimitsFromConfig } from './rate-limit/from-config.js';
import { isEmpty, seedDemoData } from './seed/seed.js';
import { systemCtx } from './services/context.js';
import { scheduleHousekeeping } from './services/housekeeping/schedule-housekeeping.js';
import {
  materializeAllSeries,
  scheduleSeriesRollForward,
} from './services/series/materialize-all-series.js';
import { loadSourcesFile } from './sync/sources-file.js';
import { syncDepsFrom } from './sync/sync-deps.js';
import { createWorker } from './sync/worker.js';
import { tracingFromConfig } from './telemetry/from-config.js';
import { metricsListenerFromConfig } from './telemetry/metrics-server.js';
import { VERSION } from './version.js';
import { deliveryWorkerFrom } from './webhooks/from-config.js';

/**
 * Opens the database, applies migrations, seeds an empty embedded database with
 * demo data (unless told not to) and starts listening. Returns a stop function
 * that drains requests in flight (up to SHUTDOWN_GRACE_MS), stops the sync
 * worker and closes the database.
 */
export async function startServer(config: Config, logger: Logger, migrationsFolder: string) {
  surviveDatabaseOutages(logger);
  await probeListenAddress(config.HOST, config.PORT);
  // Nothing of OpenTelemetry is loaded unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = await tracingFromConfig(config, VERSION);
  // HTTP metrics only when something can scrape them: /metrics (METRICS_TOKEN) or METRICS_PORT.
  const metrics =
    config.METRICS_TOKEN || config.METRICS_PORT !== undefined ? createMetrics() : undefined;
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrationsFolder,
    maxConnections: config.DATABASE_POOL_SIZE,
  });
  await database.migrate().catch(async (error: unknown) => {
    await database.close().catch(() => {});
    throw explainDatabaseError(error, config.DATABASE_URL);
  });
  const publicUrl = publicUrlOf(config);
  const ctx = systemCtx(database.db, publicUrl);
  if (database.kind === 'pglite' && config.SEED_DEMO === 'auto' && (await isEmpty(ctx))) {
    const seeded = await seedDemoData(ctx, publicUrl);
    logger.info({ seeded }, 'empty embedded database: demo data loaded');
  }
  const series = await materializeAllSeries(ctx, logger);
  logger.debug({ series }, 'series windows up to date');
  const stopRollForward = scheduleSeriesRollForward(ctx, logger);
  const stopPurge = scheduleHousekeeping(ctx, logger);
  if (config.SOURCES_FILE) {
    const declared = await loadSourcesFile(ctx, config.SOURCES_FILE);
    logger.info({ sources: declared }, 'sources declared from SOURCES_FILE');
  }
  const worker = createWorker(syncDepsFrom(config, database.db, logger, publicUrl), {
    pollMs: config.SYNC_POLL_SECONDS * 1000,
    leaseMs: config.SYNC_LEASE_SECONDS * 1000,
  });
  const deliveries = deliveryWorkerFrom(config, database, logger, publicUrl);
  const publishing = activityPubWorkerFrom(config, database, logger, publicUrl);
  if (config.WORKER === 'inline') {
    worker.start();
    await deliveries.start();
    await publishing.start();
  }
  const rate = rateLimitsFromConfig(config, logger);
  // Assigned once listening; readiness and responses consult it from then on.
  let lifecycle: ReturnType<typeof drainable> | undefined;
  const app = createApp({
    db: database.db,
    logger,
    publicUrl,
    instanceName: config.INSTANCE_NAME,
    version: VERSION,
    // A draining process is not ready: the load balancer stops sending it traffic at once.
    ping: async () => {
      if (lifecycle?.draining) throw new Error('shutting down');
      await database.ping();
    },
    changesLagMs: config.CHANGES_LAG_MS,
    rateLimits: rate.limits,
    clientAddress: clientAddressFrom(config.TRUST_PROXY_HOPS, config.TRUST_PROXY_CIDRS),
    syncNow: worker.syncNow,
    metricsToken: config.METRICS_TOKEN,
    outboundAllowList: outboundAllowList(config),
    traceRequests: tracing?.requestSpans,
    metrics,
  });
  const fetch = async (request: Request, env: unknown) => {
    const response = await app.fetch(request, env);
    // A refused body may still be arriving: the client must not reuse this connection.
    if (response.status === 413) response.headers.set('Connection', 'close');
    return lifecycle ? lifecycle.closeAfter(response) : response;
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, port: config.PORT, hostname: config.HOST }, () =>
      resolve(s as Server),
    );
    // A port in use or a bad HOST is an operator's mistake: say which, without a stack.
    s.once('error', (error) => reject(explainListenError(error, config.HOST, config.PORT)));
  }).catch(async (error: unknown) => {
    await Promise.all([worker.stop(), deliveries.stop(), publishing.stop(), rate.close()]).catch(
      () => {},
    );
    stopRollForward();
    stopPurge();
    await database.close().catch(() => {});
    throw error;
  });
  lifecycle = drainable(server);
  answerClientErrors(server, logger);
  // A listen address of its own keeps the metrics off the public port.
  const metricsListener = await metricsListenerFromConfig(config, logger, metrics?.exposition);
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
    /**
     * Stops accepting, answers what is in flight (readiness says 503 from the
     * first moment), stops the worker so its lease is released, then closes the
     * database. Resolves with what the drain did, for the log.
     */
    stop: async (graceMs: number = config.SHUTDOWN_GRACE_MS) => {
      stopRollForward();
      stopPurge();
      const deadline = Date.now() + graceMs;
      const drained = lifecycle!.drain(graceMs);
      // The worker finishes its current run and releases its claim. A run still
      // going at the deadline is abandoned: nothing it had not committed is kept,
      // and its lease expires on its own.
      const workerStopped = Promise.all([worker.stop(), deliveries.stop(), publishing.stop()]).then(
        () => true,
        () => false,
      );
      const result = await drained;
      const released = await within(workerStopped, deadline - Date.now());
      logger.info(
        { ...result, workerStopped: released === true },
        result.dropped ? 'drained with requests cut' : 'drained',
      );
      await rate.close();
      await database.close().catch(() => {});
      // The last spans (this drain's requests) go out before the process exits.
      await tracing?.shutdown().catch(() => {});
      await metricsListener?.close();
      return result;
    },
  };
}

/** The promise's value, or undefined once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
