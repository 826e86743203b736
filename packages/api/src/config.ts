import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Every setting the process reads, with its default. Validated once at the
 * process entry; a bad value stops the process with a clear message.
 */
/** A comma-separated setting whose every entry must pass `valid`. */
function commaList(valid: (entry: string) => boolean, message: string) {
  return z
    .string()
    .max(4096)
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(valid), { message });
}

/** Hostnames, IP addresses or CIDR ranges, e.g. an outbound allow-list. */
const hostList = () =>
  commaList(isHostOrAddress, 'each entry must be a hostname, an IP address or a CIDR range');

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).max(255).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    DATA_DIR: z.string().min(1).max(4096).default('.data/pglite'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    INSTANCE_NAME: z.string().min(1).max(100).default('One Team Gov Hub'),
    /** Seed demo data when the embedded database is empty on first start. */
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    /** Hold back change-feed rows younger than this, so a slow commit is never skipped by a reader. */
    CHANGES_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    /** `inline` runs the sync worker inside `serve`; `off` leaves it to `otg-hub worker` processes. */
    WORKER: z.enum(['inline', 'off']).default('inline'),
    SYNC_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** Seconds a sync worker's claim on a source lasts unless renewed (a running sync renews it). */
    SYNC_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** JSON file of sources to declare at start: [{ id, chapterId, kind, url, intervalMinutes? }]. */
    SOURCES_FILE: z.string().min(1).max(4096).optional(),
    /** Hosts, IPs or CIDRs that feeds may use although they are private (e.g. 10.0.0.0/8). */
    SYNC_ALLOW_HOSTS: hostList(),
    /**
     * Hosts, IPs or CIDRs that every outbound request (feeds, peers and webhook
     * endpoints) may use although they are private; added to SYNC_ALLOW_HOSTS.
     */
    OUTBOUND_ALLOW_HOSTS: hostList(),
    /** Seconds between looks for due webhook deliveries (commits wake workers at once on PostgreSQL). */
    WEBHOOK_POLL_SECONDS: z.coerce.number().min(0.05).max(300).default(1),
    SYNC_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(512 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    /**
     * Heap growth (percent over the live heap) of processes that exist to sync
     * (`otg-hub worker`, `sources sync`); 0 leaves V8's own (see sync/heap-growth.ts).
     */
    SYNC_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(25),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Shared rate-limit counters across processes; in-process memory when unset. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** Requests per minute without a key, per client address. */
    RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** Requests per minute per API key. */
    RATE_LIMIT_KEY: z.coerce.number().int().min(1).max(1_000_000).default(1200),
    /** Failed authentications per 15 minutes, per client address. */
    RATE_LIMIT_FAILED_AUTH: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Bearer token a Prometheus scraper sends to GET /metrics; unset, there is no /metrics. */
    METRICS_TOKEN: z.string().min(16).max(200).optional(),
    /** GET /metrics on a port of its own: the worker's only HTTP, and the API's metrics off its public port. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** The address the METRICS_PORT listener binds to; HOST when unset. */
    METRICS_HOST: z.string().min(1).max(255).optional(),
    /** OTLP/HTTP collector base URL; set, requests are traced and spans sent to <url>/v1/traces. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url({ protocol: /^https?$/ })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** The service name spans are reported under. */
    OTEL_SERVICE_NAME: z.string().min(1).max(100).default('oneteamgov-hub'),
    /**
     * How many reverse proxies in front of the API append to X-Forwarded-For. 0 (the
     * default) uses the socket address, which is right when clients connect directly.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * The addresses (IPs or CIDRs) of those proxies. X-Forwarded-For is read only
     * from a connection that comes from one of them: a client reaching the process
     * directly (another pod, a port-forward) cannot choose its own address.
     */
    TRUST_PROXY_CIDRS: commaList(
      isAddressOrRange,
      'each entry must be an IP address or a CIDR range',
    ),
    /**
     * On SIGTERM, how long in-flight requests may take to finish before their
     * connections are closed. Keep it below the orchestrator's kill timeout.
     */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  })
  .superRefine((config, ctx) => {
    if (config.TRUST_PROXY_HOPS > 0 && config.TRUST_PROXY_CIDRS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_PROXY_CIDRS'],
        message:
          'required when TRUST_PROXY_HOPS is set: the addresses of the proxies whose X-Forwarded-For is trusted',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function publicUrlOf(config: Config): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return (config.PUBLIC_URL ?? `http://${host}:${config.PORT}`).replace(/\/$/, '');
}

function isAddressOrRange(entry: string): boolean {
  if (!entry.includes('/')) return ipaddr.isValid(entry);
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** An allow-list entry is checked here so a typo fails at start rather than silently never matching. */
function isHostOrAddress(entry: string): boolean {
  if (entry.includes('/')) {
    try {
      ipaddr.parseCIDR(entry);
      return true;
    } catch {
      return false;
    }
  }
  return (
    ipaddr.isValid(entry) ||
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i.test(
      entry,
    )
  );
}
