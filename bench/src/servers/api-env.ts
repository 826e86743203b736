import type { BenchConfig } from '../config.js';

/** The environment every API server of the read bench starts with (quiet, the bench's pool), plus `extra`. */
export function apiEnv(config: BenchConfig, extra: Record<string, string>): Record<string, string> {
  return {
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: String(config.poolSize),
    ...extra,
  };
}
