import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import type { SyncDeps } from '../../src/sync/run-sync.js';
import { createWorker } from '../../src/sync/worker.js';

/**
 * A whole instance on a real loopback port: its app, its database and a sync
 * worker whose fetch policy allows loopback (operators' allow-list), so
 * instances in one test can follow each other over HTTP.
 */
export async function startInstance(database: Database, name: string) {
  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = serve({ fetch: (request) => handler(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logger = pino({ level: 'silent' });
  const app = createApp({
    db: database.db,
    logger,
    publicUrl: origin,
    instanceName: name,
    version: '0.0.0-test',
    ping: database.ping,
    changesLagMs: 0,
  });
  handler = app.fetch;
  const deps: SyncDeps = {
    db: database.db,
    logger,
    selfOrigin: origin,
    now: () => new Date(),
    fetchPolicy: defaultFetchPolicy({
      allowList: ['127.0.0.1'],
      userAgent: 'test',
      headerTimeoutMs: 5000,
      totalTimeoutMs: 15_000,
    }),
    parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
  };
  const worker = createWorker(deps, { pollMs: 60_000, leaseMs: 60_000 });
  return {
    origin,
    app,
    deps,
    worker,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Instance = Awaited<ReturnType<typeof startInstance>>;
