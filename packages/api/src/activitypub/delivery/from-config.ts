import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { VERSION } from '../../version.js';
import { createActivityPubWorker } from './delivery-worker.js';

/** Every host, IP or CIDR the operator allows outbound requests to reach although private. */
export function outboundAllowList(config: Config): string[] {
  return [...config.SYNC_ALLOW_HOSTS, ...config.OUTBOUND_ALLOW_HOSTS];
}

/** The ActivityPub worker as configured: webhook cadence and limits, the change feed's hold-back. */
export function activityPubWorkerFrom(
  config: Config,
  database: Pick<Database, 'db' | 'listen'>,
  logger: Logger,
  publicUrl: string,
) {
  return createActivityPubWorker(database, logger, {
    origin: publicUrl,
    version: VERSION,
    pollMs: config.WEBHOOK_POLL_SECONDS * 1000,
    lagMs: config.CHANGES_LAG_MS,
    policy: {
      allowList: outboundAllowList(config),
      timeoutMs: 10_000,
      maxResponseBytes: 64 * 1024,
      userAgent: `oneteamgov-hub/${VERSION} (+${publicUrl})`,
    },
  });
}
