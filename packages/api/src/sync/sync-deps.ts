import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { VERSION } from '../version.js';
import { defaultFetchPolicy } from './fetch/index.js';
import type { SyncDeps } from './run-sync.js';

/** Sync settings from the validated configuration. */
export function syncDepsFrom(config: Config, db: Db, logger: Logger, selfOrigin: string): SyncDeps {
  return {
    db,
    logger,
    selfOrigin,
    now: () => new Date(),
    fetchPolicy: defaultFetchPolicy({
      allowList: [...config.SYNC_ALLOW_HOSTS, ...config.OUTBOUND_ALLOW_HOSTS],
      maxBytes: config.SYNC_MAX_BYTES,
      userAgent: `oneteamgov-hub/${VERSION} (+${selfOrigin})`,
    }),
    parseBudget: { timeoutMs: 20_000, maxHeapMb: 256 },
  };
}
