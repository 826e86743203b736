import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { Access } from '../auth/route-policy.js';
import type { Db } from '../db/client.js';
import type { RateLimits } from '../rate-limit/limiter.js';
import type { Worker } from '../sync/worker.js';
import type { Metrics } from './metrics.js';

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
  /** Request budgets; without them nothing is limited (tests that do not exercise limits). */
  rateLimits?: RateLimits;
  /** The caller's address for anonymous budgets (from the socket, or a trusted proxy header). */
  clientAddress?: (c: Context<AppEnv>) => string;
  /** Syncs one source now (approving held removals); without it, approval is unavailable. */
  syncNow?: Worker['syncNow'];
  /** Enables GET /metrics for a scraper sending this bearer token. */
  metricsToken?: string | undefined;
  /**
   * The HTTP metrics to count into, when the caller also exposes them elsewhere
   * (METRICS_PORT); without it they are created when `metricsToken` is set.
   */
  metrics?: Metrics | undefined;
  /**
   * Hosts, IPs or CIDRs that outbound requests made while answering (remote
   * ActivityPub actors and keys) may reach although private; none by default.
   */
  outboundAllowList?: string[];
  /** Opens a trace span per request (src/telemetry); absent, requests are not traced. */
  traceRequests?: MiddlewareHandler<AppEnv> | undefined;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal: Principal | null;
    /** The matched route's declared access rule (set by enforce-route-policies). */
    access: Access | undefined;
    bodyBytes: Uint8Array | undefined;
  };
}
