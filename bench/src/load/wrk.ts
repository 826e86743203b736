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

/**
 * Gives each request its own URL (see LoadOptions.uniqueUrls, jitteredInstant):
 * a stride through the hour's 3.6 million milliseconds from a random start.
 */
const UNIQUE_URLS = `
local n = 0
math.randomseed(os.time())
local start = math.random(0, 3599999)
request = function()
  n = n + 1
  local ms = (start + n * 7919) % 3600000
  local instant = string.format("T00:%02d:%02d.%03dZ", math.floor(ms / 60000), math.floor(ms / 1000) % 60, ms % 1000)
  local p = string.gsub(wrk.path, "T00:00:00Z", instant, 1)
  return wrk.format(nil, p)
end
`;

const scripts = new Map<string, string>();
function script(uniqueUrls: boolean): string {
  const name = uniqueUrls ? 'unique-urls.lua' : 'report.lua';
  let file = scripts.get(name);
  if (!file) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'otg-bench-wrk-'));
    file = path.join(dir, name);
    writeFileSync(file, uniqueUrls ? SCRIPT + UNIQUE_URLS : SCRIPT);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scripts.set(name, file);
  }
  return file;
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
      script(options.uniqueUrls === true),
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
