/** The report of a run limited to some variants (BENCH_VARIANTS). */
import path from 'node:path';
import { log } from './bench-log.js';
import type { BenchConfig } from './config.js';
import { pairedRatio, summarize, type Variant, variantJson, writeResults } from './report.js';

/** Median over rounds of the server's (and its backends') CPU per request; null when unknown. */
function medianCpuMsPerRequest(variant: Variant): number | null {
  const values = variant.samples
    .map((x) => (x as { cpuMsPerRequest?: number | null }).cpuMsPerRequest)
    .filter((v): v is number => typeof v === 'number')
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * With BENCH_VARIANTS: the measured variants' medians and, for each API
 * variant measured with its baseline counterpart, the paired ratios; no targets
 * (they need every variant). Written to results/ like a full run.
 */
export function partialReport(
  pgVariants: Map<string, Variant>,
  pgl:
    | { many?: Variant | undefined; single?: Variant | undefined; manyMiss?: Variant | undefined }
    | undefined,
  config: BenchConfig,
  startedAt: Date,
) {
  const measured = [
    ...pgVariants.values(),
    ...[pgl?.many, pgl?.single, pgl?.manyMiss].filter((v) => v !== undefined),
  ];
  const ratios: Record<string, { rps: number; p99: number }> = {};
  console.log('');
  for (const variant of measured) {
    const s = summarize(variant);
    const rounds = variant.samples.map((x) => Math.round(x.rps)).join(', ');
    const cpu = medianCpuMsPerRequest(variant);
    console.log(
      `${variant.id.padEnd(24)} ${Math.round(s.rps).toString().padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms${cpu === null ? '' : `  CPU ${cpu.toFixed(2)} ms/req`}  (rounds: ${rounds})`,
    );
    const counterpart = pgVariants.get(variant.id.replace(/^api-/, 'baseline-'));
    if (variant.id.startsWith('api-') && counterpart) {
      ratios[variant.id] = {
        rps: pairedRatio(variant, counterpart, 'rps'),
        p99: pairedRatio(variant, counterpart, 'p99'),
      };
      console.log(
        `${''.padEnd(24)} ÷ ${counterpart.id}: req/s ${ratios[variant.id]!.rps.toFixed(2)}×, p99 ${ratios[variant.id]!.p99.toFixed(2)}×`,
      );
    }
  }
  const file = writeResults(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      partial: [...(config.variants ?? [])],
      settings: { durationSec: config.durationSec, rounds: config.rounds },
      variants: Object.fromEntries(measured.map((x) => [x.id, variantJson(x)])),
      ratios,
    },
    startedAt,
  );
  log(`results written to ${path.relative(process.cwd(), file)} and results/latest.json`);
}
