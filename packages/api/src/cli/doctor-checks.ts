import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import ipaddr from 'ipaddr.js';
import lockfile from 'proper-lockfile';
import { type Config, publicUrlOf } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { defaultFetchPolicy, safeFetch } from '../sync/fetch/index.js';
import { VERSION } from '../version.js';
import { databaseCause, redactUrl } from './operator-errors.js';

export type Status = 'OK' | 'WARN' | 'FAIL';
export interface Check {
  name: string;
  status: Status;
  detail: string;
}

const check = (name: string, status: Status, detail: string): Check => ({ name, status, detail });

/** Rejects after `ms`, so one hung dependency cannot hang the whole report. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settings that are valid but probably not what a production operator wants. */
export function configurationChecks(config: Config): Check[] {
  const checks: Check[] = [];
  const store = config.DATABASE_URL
    ? `PostgreSQL (DATABASE_URL=${redactUrl(config.DATABASE_URL)})`
    : `embedded PGlite in ${resolve(config.DATA_DIR)} (one process only; DATABASE_URL for PostgreSQL)`;
  checks.push(check('configuration', 'OK', `valid; ${store}`));
  if (!config.PUBLIC_URL && config.HOST !== '127.0.0.1' && config.HOST !== 'localhost') {
    checks.push(
      check(
        'public URL',
        'WARN',
        `PUBLIC_URL is unset while HOST=${config.HOST}: links in responses will say ${publicUrlOf(config)}`,
      ),
    );
  }
  if (config.SOURCES_FILE) {
    try {
      JSON.parse(readFileSync(config.SOURCES_FILE, 'utf8'));
      checks.push(check('sources file', 'OK', `SOURCES_FILE=${config.SOURCES_FILE} is readable`));
    } catch (error) {
      checks.push(
        check(
          'sources file',
          'FAIL',
          `SOURCES_FILE=${config.SOURCES_FILE}: ${(error as Error).message}`,
        ),
      );
    }
  }
  const scrape = [
    ...(config.METRICS_TOKEN ? ['on the API port to bearers of METRICS_TOKEN'] : []),
    ...(config.METRICS_PORT !== undefined
      ? [`on ${config.METRICS_HOST ?? config.HOST}:${config.METRICS_PORT} (METRICS_PORT)`]
      : []),
  ];
  checks.push(
    check(
      'metrics',
      'OK',
      scrape.length > 0
        ? `GET /metrics is served ${scrape.join(' and ')}`
        : 'neither METRICS_TOKEN nor METRICS_PORT is set: no metrics are exposed',
    ),
  );
  return checks;
}

/** The embedded database's directory, and whether a running process holds it. */
async function embeddedState(config: Config): Promise<'missing' | 'locked' | 'free'> {
  const dataDir = resolve(config.DATA_DIR);
  if (!existsSync(dataDir)) return 'missing';
  const locked = await lockfile.check(dataDir, {
    realpath: false,
    lockfilePath: `${dataDir}.lock`,
    stale: 15_000,
  });
  return locked ? 'locked' : 'free';
}

/** Opens the database without migrating it, or says why it cannot be checked. */
export async function openForChecks(
  config: Config,
  migrationsFolder: string,
): Promise<{ database?: Database; checks: Check[] }> {
  if (!config.DATABASE_URL) {
    const state = await embeddedState(config);
    if (state === 'missing')
      return {
        checks: [
          check(
            'database',
            'WARN',
            `${config.DATA_DIR} does not exist yet: the first start creates it`,
          ),
        ],
      };
    if (state === 'locked')
      return {
        checks: [
          check(
            'database',
            'WARN',
            `${config.DATA_DIR} is in use by a running process (only one may open it): not checked; stop it to check, or use PostgreSQL`,
          ),
        ],
      };
  }
  const started = Date.now();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrationsFolder,
    maxConnections: 1,
  });
  try {
    await within(database.db.execute(sql`select 1`), 10_000, 'the database');
    return {
      database,
      checks: [check('database', 'OK', `${database.kind} answers (${Date.now() - started} ms)`)],
    };
  } catch (error) {
    await database.close().catch(() => {});
    const cause = databaseCause(error) ?? (error as Error).message;
    const where = config.DATABASE_URL
      ? `DATABASE_URL=${redactUrl(config.DATABASE_URL)}`
      : config.DATA_DIR;
    return { checks: [check('database', 'FAIL', `cannot reach ${where}: ${cause}`)] };
  }
}

/**
 * Compares the committed migrations (drizzle's journal) with those the database
 * has recorded. Pending ones are applied by the next `serve` or `migrate`; a
 * database ahead of this release means an older image is running against it.
 */
export async function migrationsCheck(
  database: Database,
  migrationsFolder: string,
): Promise<Check> {
  const journal = JSON.parse(
    await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { tag: string; when: number }[] };
  let applied: number[] = [];
  try {
    const rows = await database.db.execute<{ created_at: string | number }>(
      sql`select created_at from drizzle.__drizzle_migrations`,
    );
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    applied = (list as { created_at: string | number }[]).map((r) => Number(r.created_at));
  } catch {
    // No migrations table: a database nothing has been applied to yet.
  }
  const last = Math.max(0, ...applied);
  const pending = journal.entries.filter((e) => e.when > last);
  const known = new Set(journal.entries.map((e) => e.when));
  const unknown = applied.filter((when) => !known.has(when));
  if (unknown.length > 0) {
    return check(
      'migrations',
      'FAIL',
      `the database has ${unknown.length} migration(s) this release (${VERSION}) does not know: it was migrated by a newer release; run that release, not this one`,
    );
  }
  if (pending.length > 0) {
    return check(
      'migrations',
      'WARN',
      `${pending.length} of ${journal.entries.length} pending (${pending.map((e) => e.tag).join(', ')}): applied by the next \`serve\` or by \`otg-hub migrate\``,
    );
  }
  return check('migrations', 'OK', `all ${journal.entries.length} applied`);
}

export async function redisCheck(config: Config): Promise<Check> {
  if (!config.REDIS_URL)
    return check('redis', 'OK', 'REDIS_URL is unset: each process counts rate limits on its own');
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The connection's own error (ECONNREFUSED…) says more than the rejected command's.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause ??= error;
  });
  const started = Date.now();
  try {
    await within(
      redis.connect().then(() => redis.ping()),
      5000,
      'Redis',
    );
    return check('redis', 'OK', `answers PING (${Date.now() - started} ms)`);
  } catch (error) {
    return check(
      'redis',
      'FAIL',
      `cannot reach REDIS_URL=${redactUrl(config.REDIS_URL)}: ${(cause ?? (error as Error)).message}`,
    );
  } finally {
    redis.disconnect();
  }
}

const METADATA = ipaddr.parse('169.254.169.254');

/**
 * The outbound allow-list opens private addresses to URLs that operators and
 * API keys type in. Broad ranges, or one that reaches the cloud metadata
 * service, undo the SSRF protection.
 */
export function allowListCheck(config: Config): Check {
  const entries = [...config.SYNC_ALLOW_HOSTS, ...config.OUTBOUND_ALLOW_HOSTS];
  if (entries.length === 0)
    return check('allow-list', 'OK', 'empty: outbound requests reach public addresses only');
  const risky: string[] = [];
  for (const entry of entries) {
    const value = entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`;
    if (!ipaddr.isValid(value.split('/')[0]!)) continue; // a host name
    const [range, bits] = ipaddr.parseCIDR(value);
    if (range.kind() === 'ipv4' && bits < 8) risky.push(`${entry} (wider than a /8)`);
    else if (range.kind() === 'ipv6' && bits < 16) risky.push(`${entry} (wider than a /16)`);
    else if (range.kind() === 'ipv4' && METADATA.match(range, bits))
      risky.push(`${entry} (includes the cloud metadata address 169.254.169.254)`);
  }
  if (risky.length > 0)
    return check(
      'allow-list',
      'WARN',
      `too broad, SSRF protection is off for: ${risky.join(', ')}`,
    );
  return check('allow-list', 'OK', `private addresses allowed: ${entries.join(', ')}`);
}

/** Each configured source fetched once, under the same address rules as the sync. */
export async function sourceChecks(
  config: Config,
  database: Database | undefined,
): Promise<Check[]> {
  let rows: { id: string; kind: 'ics' | 'instance'; url: string }[] = [];
  try {
    if (database)
      rows = await database.db
        .select({ id: sources.id, kind: sources.kind, url: sources.url })
        .from(sources);
  } catch {
    return [check('sources', 'WARN', 'the sources table could not be read: migrate first')];
  }
  if (rows.length === 0) return [check('sources', 'OK', 'no sources configured')];
  const policy = defaultFetchPolicy({
    allowList: [...config.SYNC_ALLOW_HOSTS, ...config.OUTBOUND_ALLOW_HOSTS],
    maxBytes: config.SYNC_MAX_BYTES,
    headerTimeoutMs: 5000,
    totalTimeoutMs: 15_000,
    userAgent: `oneteamgov-hub/${VERSION} (doctor)`,
  });
  return Promise.all(
    rows.map(async (row) => {
      const url =
        row.kind === 'instance' ? `${row.url.replace(/\/+$/, '')}/v1/changes?limit=1` : row.url;
      const host = new URL(row.url).host;
      const started = Date.now();
      const outcome = await safeFetch(url, {}, policy);
      const name = `source ${row.id}`;
      if (outcome.kind !== 'failed')
        return check(
          name,
          'OK',
          `${host} answers HTTP ${outcome.status} (${Date.now() - started} ms)`,
        );
      if (outcome.reason === 'http-status')
        return check(
          name,
          'WARN',
          `${host} is reachable but answers HTTP ${outcome.status ?? '?'}`,
        );
      return check(name, 'FAIL', `${host}: ${outcome.reason}: ${outcome.message}`);
    }),
  );
}
