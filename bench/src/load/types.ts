export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  /**
   * Every request a URL of its own: the first `T00:00:00Z` in the URL (the
   * `from` instant) becomes a different time within that hour, so no answer
   * kept for an earlier request can serve it (the page is the same but for
   * events that ended within the hour).
   */
  uniqueUrls?: boolean;
}

/** The n-th variant of an instant ending in T00:00:00Z (n < 3,600,000). */
export function jitteredInstant(n: number): string {
  const ms = n % 3_600_000;
  const mm = String(Math.floor(ms / 60_000)).padStart(2, '0');
  const ss = String(Math.floor(ms / 1000) % 60).padStart(2, '0');
  return `T00:${mm}:${ss}.${String(ms % 1000).padStart(3, '0')}Z`;
}

export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  requests: number;
  durationSec: number;
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Socket errors, timeouts and responses other than 2xx/3xx. */
  errors: number;
  /** Responses by status code, when the tool reports them (autocannon). */
  statuses?: Record<string, number>;
}

export interface LoadTool {
  name: 'wrk' | 'autocannon';
  run(options: LoadOptions): Promise<LoadResult>;
}
