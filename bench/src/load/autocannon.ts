import autocannon from 'autocannon';
import { percentiles } from './percentiles.js';
import { jitteredInstant, type LoadOptions, type LoadResult, type LoadTool } from './types.js';

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
          ...(options.uniqueUrls ? { requests: [{ setupRequest: uniqueUrl(options.url) }] } : {}),
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

/** A request hook giving each request its own `from` (see LoadOptions.uniqueUrls). */
function uniqueUrl(url: string) {
  const { pathname, search } = new URL(url);
  let n = Math.floor(Math.random() * 3_600_000);
  return (request: { path?: string }) => {
    n += 7919;
    request.path = `${pathname}${search}`.replace('T00:00:00Z', jitteredInstant(n));
    return request;
  };
}
