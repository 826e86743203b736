import os from 'node:os';

/** Every knob of the benchmark, read once from the environment. */
export interface BenchConfig {
  /** Admin URL: the bench database is dropped and created through it. */
  adminUrl: string;
  /** The bench's own database, derived from adminUrl. */
  databaseUrl: string;
  databaseName: string;
  events: number;
  pgliteEvents: number;
  /** Rows the deep page starts after. */
  deepRows: number;
  durationSec: number;
  warmupSec: number;
  rounds: number;
  /** Re-runs of a measurement that other processes disturbed. */
  retries: number;
  connections: number;
  pgliteConnections: number;
  /** Pool size of every server (the API's DATABASE_POOL_SIZE default is 10). */
  poolSize: number;
  tool: 'auto' | 'wrk' | 'autocannon';
  pglite: boolean;
  diagnostics: boolean;
  /** Variant ids to measure (BENCH_VARIANTS, comma-separated); null: all of them. */
  variants: Set<string> | null;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  }
  return value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const adminUrl = env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const parsed = new URL(adminUrl);
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got ${parsed.hostname})`);
  }
  // All traffic stays on 127.0.0.1, whatever the URL spells.
  parsed.hostname = '127.0.0.1';
  const databaseName = env.BENCH_DB_NAME || 'otg_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(databaseName))
    throw new Error('BENCH_DB_NAME must be a plain identifier');
  const database = new URL(parsed);
  database.pathname = `/${databaseName}`;
  const tool = (env.BENCH_TOOL || 'auto') as BenchConfig['tool'];
  if (!['auto', 'wrk', 'autocannon'].includes(tool)) {
    throw new Error('BENCH_TOOL must be auto, wrk or autocannon');
  }
  return {
    adminUrl: parsed.toString(),
    databaseUrl: database.toString(),
    databaseName,
    events: int(env, 'BENCH_EVENTS', 100_000, 1_000),
    pgliteEvents: int(env, 'BENCH_PGLITE_EVENTS', 20_000, 1_000),
    deepRows: int(env, 'BENCH_DEEP_ROWS', 50_000, 100),
    durationSec: int(env, 'BENCH_DURATION', 7, 1),
    warmupSec: int(env, 'BENCH_WARMUP', 3, 0),
    rounds: int(env, 'BENCH_ROUNDS', 5, 1),
    retries: int(env, 'BENCH_RETRIES', 2, 0),
    connections: int(env, 'BENCH_CONNECTIONS', 16, 1),
    pgliteConnections: int(env, 'BENCH_PGLITE_CONNECTIONS', 8, 1),
    poolSize: int(env, 'BENCH_POOL_SIZE', 10, 1),
    tool,
    pglite: env.BENCH_PGLITE !== '0',
    diagnostics: env.BENCH_DIAGNOSTICS === '1',
    variants: env.BENCH_VARIANTS
      ? new Set(
          env.BENCH_VARIANTS.split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        )
      : null,
  };
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
}
