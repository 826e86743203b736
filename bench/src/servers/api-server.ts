/**
 * The API in its own process, wired as the package's startServer wires it
 * (openDatabase + migrate, createApp with its production middleware, served
 * by @hono/node-server) minus the parts that are not on the request path
 * (demo seeding, the feed-sync worker, the daily series roll-forward), so a
 * work-in-progress elsewhere in the package cannot stop the benchmark.
 *
 * Env: DATABASE_URL (else embedded PGlite in DATA_DIR), PORT (0 = any),
 * DATABASE_POOL_SIZE, LOG_LEVEL (the bench passes "silent"), WEBHOOK_DELIVERY=on
 * (runs the webhook delivery worker inline, as `serve` does; loopback allowed).
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../../../packages/api/src/app.js';
import { openDatabase } from '../../../packages/api/src/db/client.js';
import { createLogger, type LogLevel } from '../../../packages/api/src/lib/logger.js';
import { clientAddressFrom } from '../../../packages/api/src/rate-limit/client-address.js';
import { RateLimits } from '../../../packages/api/src/rate-limit/limiter.js';
import { VERSION } from '../../../packages/api/src/version.js';
import { createDeliveryWorker } from '../../../packages/api/src/webhooks/delivery-worker.js';
import { announce } from './shared.js';

// @hono/node-server is the API package's dependency, not the bench's: resolve it from there.
const apiRequire = createRequire(new URL('../../../packages/api/package.json', import.meta.url));
type Serve = (
  options: { fetch: typeof app.fetch; port: number; hostname: string },
  listening: (info: { port: number }) => void,
) => import('node:http').Server;
const { serve } = (await import(pathToFileURL(apiRequire.resolve('@hono/node-server')).href)) as {
  serve: Serve;
};

const migrationsFolder = fileURLToPath(new URL('../../../packages/api/drizzle', import.meta.url));
const database = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || undefined,
  migrationsFolder,
  maxConnections: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
await database.migrate();

const logger = createLogger((process.env.LOG_LEVEL ?? 'silent') as LogLevel);
const app = createApp({
  db: database.db,
  logger,
  publicUrl: 'http://127.0.0.1',
  instanceName: process.env.INSTANCE_NAME ?? 'One Team Gov Hub (bench)',
  version: VERSION,
  ping: database.ping,
  // Counted like production (in memory), with budgets the load generator never reaches.
  rateLimits: new RateLimits({
    anonymous: { points: 1_000_000_000, windowSeconds: 60 },
    key: { points: 1_000_000_000, windowSeconds: 60 },
    failedAuth: { points: 10, windowSeconds: 900 },
  }),
  clientAddress: clientAddressFrom(0),
});

const deliveries =
  process.env.WEBHOOK_DELIVERY === 'on'
    ? createDeliveryWorker(database, logger, {
        pollMs: 1000,
        policy: {
          allowList: ['127.0.0.1'],
          timeoutMs: 10_000,
          maxResponseBytes: 65_536,
          userAgent: 'oneteamgov-hub-bench',
        },
      })
    : undefined;
await deliveries?.start();

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
  (info) => announce(info.port),
);

const shutdown = () => {
  void deliveries?.stop();
  server.close(() => {
    database.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
