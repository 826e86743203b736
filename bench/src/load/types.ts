export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
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
