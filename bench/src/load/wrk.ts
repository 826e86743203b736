import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptions, LoadResult, LoadTool } from './types.js';

/** wrk's `done` hook prints the summary as one JSON line (latencies in µs). */
const SCRIPT = `
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50":%.1f,"p90":%.1f,"p99":%.1f,"max":%.1f}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its banner; only ENOENT means absent.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

let scriptPath: string | undefined;
function script(): string {
  if (!scriptPath) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'otg-bench-wrk-'));
    scriptPath = path.join(dir, 'report.lua');
    writeFileSync(scriptPath, SCRIPT);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return scriptPath;
}

/**
 * wrk as a separate process, one thread (the machine has few cores and the
 * servers need them). wrk counts non-2xx/3xx responses as errors.
 */
export const wrkTool: LoadTool = {
  name: 'wrk',
  run(options: LoadOptions): Promise<LoadResult> {
    const args = [
      '-t1',
      `-c${options.connections}`,
      `-d${options.durationSec}s`,
      '--timeout',
      '10s',
      '-s',
      script(),
    ];
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      args.push('-H', `${name}: ${value}`);
    }
    args.push(options.url);
    return new Promise((resolve, reject) => {
      execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
          return;
        }
        const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
        if (!line) {
          reject(new Error(`wrk printed no summary:\n${stdout}\n${stderr}`));
          return;
        }
        const s = JSON.parse(line.slice('WRK_JSON '.length)) as {
          requests: number;
          duration_us: number;
          errors: number;
          p50: number;
          p90: number;
          p99: number;
          max: number;
        };
        const durationSec = s.duration_us / 1e6;
        resolve({
          tool: 'wrk',
          requests: s.requests,
          durationSec,
          rps: s.requests / durationSec,
          p50: s.p50 / 1000,
          p90: s.p90 / 1000,
          p99: s.p99 / 1000,
          max: s.max / 1000,
          errors: s.errors,
        });
      });
    });
  },
};
