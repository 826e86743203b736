import type { FetchPolicy } from './types.js';

const MiB = 1024 * 1024;

/**
 * Conservative defaults: a calendar feed is a few hundred KiB, so 10 MiB after
 * decompression leaves plenty of room while keeping a hostile feed from eating
 * the worker's memory. Overrides that are `undefined` are ignored so a missing
 * config value cannot silently switch a limit off.
 */
export function defaultFetchPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as Partial<FetchPolicy>;
  return {
    maxBytes: 10 * MiB,
    headerTimeoutMs: 10_000,
    totalTimeoutMs: 30_000,
    maxRedirects: 3,
    userAgent: 'oneteamgov-hub',
    allowList: [],
    ...defined,
  };
}
