import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createActivityPubWorker } from '../../../src/activitypub/delivery/delivery-worker.js';
import { createApp } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';

const LOOPBACK = ['127.0.0.1'];

/**
 * The hub listening on a loopback port, with PUBLIC_URL set to that address,
 * so remote servers can fetch its actors and keys, and its ActivityPub worker.
 * Outbound requests may reach loopback only because the allow-list says so,
 * as an operator would write OUTBOUND_ALLOW_HOSTS.
 */
export async function startHubOnLoopback(database: Database) {
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
    instanceName: 'Loopback hub',
    version: '0.0.0-test',
    ping: database.ping,
    changesLagMs: 0,
    outboundAllowList: LOOPBACK,
  });
  handler = (request) => app.fetch(request);
  const worker = createActivityPubWorker(database, logger, {
    origin,
    version: '0.0.0-test',
    pollMs: 60_000,
    lagMs: 0,
    policy: { allowList: LOOPBACK, timeoutMs: 10_000, maxResponseBytes: 65_536, userAgent: 'test' },
  });
  return {
    origin,
    app,
    worker,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
