/**
 * How `pnpm bench` measures: a variant is a server and a path (a Spec); a
 * measurement runs it for a while with the chosen load tool; rounds run every
 * group's variants back to back, in an order rotated each round, and measure
 * again when other processes took the CPUs meanwhile.
 */
import { log } from './bench-log.js';
import type { BenchConfig } from './config.js';
import type { LoadResult, LoadTool } from './load/index.js';
import { cpuSnapshot, FOREIGN_CORES_LIMIT, foreignCores, waitForQuiet } from './machine-load.js';
import type { Variant } from './report.js';
import { cpuPerRequest } from './server-cpu.js';
import type { RunningServer } from './servers/spawn.js';

/** Longest wait for other processes to leave the CPUs before a measurement. */
const QUIET_WAIT_MS = 15_000;

export interface Spec {
  id: string;
  label: string;
  server: RunningServer;
  path: string;
  headers?: Record<string, string>;
  /** Overrides the run's connection count. */
  connections?: number;
  /** Each request its own URL, so no kept answer serves it (see LoadOptions.uniqueUrls). */
  uniqueUrls?: boolean;
}

export function measure(tool: LoadTool, spec: Spec, connections: number, durationSec: number) {
  return tool.run({
    url: spec.server.baseUrl + spec.path,
    connections: spec.connections ?? connections,
    durationSec,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.uniqueUrls ? { uniqueUrls: true } : {}),
  });
}

export function describe(r: LoadResult): string {
  return `${Math.round(r.rps).toLocaleString('en-GB')} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, ${r.errors} ERRORS` : ''}`;
}

export function newVariants(specs: Spec[]): Map<string, Variant> {
  return new Map(
    specs.map((s) => [s.id, { id: s.id, label: s.label, samples: [], discarded: [] }]),
  );
}

export async function warmUp(
  tool: LoadTool,
  specs: Spec[],
  config: BenchConfig,
  connections: number,
) {
  if (config.warmupSec === 0) return;
  for (const spec of specs) {
    log(
      `warm-up · ${spec.label}: ${describe(await measure(tool, spec, connections, config.warmupSec))}`,
    );
  }
}

/**
 * Rounds of every group, each group's variants back to back with the order
 * rotated each round, so no variant always runs first (or last).
 */
export async function runRounds(
  tool: LoadTool,
  groups: Spec[][],
  variants: Map<string, Variant>,
  config: BenchConfig,
  connections: number,
) {
  for (let round = 1; round <= config.rounds; round++) {
    for (const group of groups) {
      const shift = (round - 1) % group.length;
      for (const spec of [...group.slice(shift), ...group.slice(0, shift)]) {
        const variant = variants.get(spec.id)!;
        for (let attempt = 0; ; attempt++) {
          const busy = await waitForQuiet(QUIET_WAIT_MS);
          const before = cpuSnapshot(spec.server.pid, config.databaseName);
          const result = await measure(tool, spec, connections, config.durationSec);
          const after = cpuSnapshot(spec.server.pid, config.databaseName);
          const foreign = foreignCores(before, after);
          const cpu = cpuPerRequest(spec.server.pid, before, after, result.requests);
          const sample = {
            ...result,
            round,
            machineBusyBefore: busy,
            foreignCores: foreign,
            cpuMsPerRequest: cpu && cpu.server + cpu.database,
            cpuMsPerRequestServer: cpu?.server ?? null,
          };
          const disturbed = foreign !== null && foreign > FOREIGN_CORES_LIMIT;
          const cpuText = cpu
            ? `, CPU ${(cpu.server + cpu.database).toFixed(2)} ms/req (server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.database.toFixed(2)})`
            : '';
          const line = `round ${round}/${config.rounds} · ${spec.label}: ${describe(result)}${cpuText}`;
          if (disturbed && attempt < config.retries) {
            variant.discarded.push(sample);
            log(
              `${line} — other processes used ${foreign.toFixed(2)} cores meanwhile: measuring again`,
            );
            continue;
          }
          variant.samples.push(sample);
          log(
            disturbed
              ? `${line} (other processes used ${foreign.toFixed(2)} cores meanwhile: kept, noisy)`
              : line,
          );
          break;
        }
      }
    }
  }
}

/** The groups' variants named by BENCH_VARIANTS (all without it); groups left empty are dropped. */
export function selected(groups: Spec[][], config: BenchConfig): Spec[][] {
  const only = config.variants;
  if (!only) return groups;
  return groups.map((g) => g.filter((s) => only.has(s.id))).filter((g) => g.length > 0);
}
