import autocannon from 'autocannon';
import { percentiles } from './percentiles.js';
import type { LoadOptions, LoadResult, LoadTool } from './types.js';

/**
 * autocannon in this process. Its own latency histogram only keeps whole
 * milliseconds and 2xx responses, so latencies are taken from its per-response
 * event (sub-millisecond, every status) and percentiles computed here.
 */
export const autocannonTool: LoadTool = {
  name: 'autocannon',
  run(options: LoadOptions): Promise<LoadResult> {
    let latencies = new Float64Array(1 << 16);
    let n = 0;
    const statuses: Record<string, number> = {};
    return new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: options.url,
          connections: options.connections,
          duration: options.durationSec,
          pipelining: 1,
          timeout: 10,
          headers: options.headers ?? {},
        },
        (error, result) => {
          if (error) {
            reject(error);
            return;
          }
          const sample = latencies.subarray(0, n);
          const [p50, p90, p99, max] = percentiles(sample, [50, 90, 99, 100]);
          let bad = 0;
          for (const [code, count] of Object.entries(statuses)) {
            if (!/^[23]/.test(code)) bad += count;
          }
          const durationSec = result.duration;
          resolve({
            tool: 'autocannon',
            requests: n,
            durationSec,
            rps: n / durationSec,
            p50: p50!,
            p90: p90!,
            p99: p99!,
            max: max!,
            errors: bad + result.errors + result.timeouts,
            statuses,
          });
        },
      );
      instance.on(
        'response',
        (_client, statusCode: number, _bytes: number, responseTime: number) => {
          if (n === latencies.length) {
            const grown = new Float64Array(latencies.length * 2);
            grown.set(latencies);
            latencies = grown;
          }
          latencies[n++] = responseTime;
          statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
        },
      );
    });
  },
};
