import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { VERSION } from '../version.js';
import { createDeliveryWorker } from './delivery-worker.js';

/** The delivery worker as configured: same outbound allow-list as feeds, 10 s, 64 KB. */
export function deliveryWorkerFrom(
  config: Config,
  database: Pick<Database, 'db' | 'listen'>,
  logger: Logger,
  publicUrl: string,
) {
  return createDeliveryWorker(database, logger, {
    pollMs: config.WEBHOOK_POLL_SECONDS * 1000,
    policy: {
      allowList: [...config.SYNC_ALLOW_HOSTS, ...config.OUTBOUND_ALLOW_HOSTS],
      timeoutMs: 10_000,
      maxResponseBytes: 64 * 1024,
      userAgent: `oneteamgov-hub-webhooks/${VERSION} (+${publicUrl})`,
    },
  });
}
