import type { Logger } from 'pino';
import type { Db } from '../db/client.js';

/** What the app needs from the outside world; passed in, never read from globals. */
export interface AppDeps {
  db: Db;
  logger: Logger;
  /** Public base URL of this instance, used as the origin of its own records. */
  publicUrl: string;
  instanceName: string;
  version: string;
  /** Throws when the database is not reachable (for /readyz). */
  ping: () => Promise<void>;
  /** Change-feed rows younger than this are held back (default 2000 ms). */
  changesLagMs?: number;
  /** Injected clock so tests can pin "now". */
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
  };
}
