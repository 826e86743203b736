import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load/index.js';
import { BENCH_DIR } from './servers/spawn.js';

/** One measured variant (a server × a request), sampled once per round. */
export interface Variant {
  id: string;
  label: string;
  samples: Sample[];
  /** Bytes of the response body (0 for a 304), measured once before the rounds. */
  bodyBytes?: number;
  /** Measurements disturbed by other processes and re-run (kept for the record). */
  discarded: Sample[];
}

/**
 * One measurement, with how busy the machine was just before it (0–1) and the
 * CPU cores other processes used during it (null when unknown).
 */
export type Sample = LoadResult & {
  round: number;
  machineBusyBefore: number | null;
  foreignCores: number | null;
};

export interface Summary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(variant: Variant): Summary {
  return {
    rps: median(variant.samples.map((s) => s.rps)),
    p50: median(variant.samples.map((s) => s.p50)),
    p99: median(variant.samples.map((s) => s.p99)),
    errors: variant.samples.reduce((n, s) => n + s.errors, 0),
  };
}

/**
 * Ratio of two variants measured in the same rounds: the median of the
 * per-round ratios, so slow drift of a noisy machine cancels within a round.
 */
export function pairedRatio(a: Variant, b: Variant, metric: 'rps' | 'p99' | 'p50'): number {
  const ratios: number[] = [];
  for (const sa of a.samples) {
    const sb = b.samples.find((s) => s.round === sa.round);
    if (sb && sb[metric] > 0) ratios.push(sa[metric] / sb[metric]);
  }
  return median(ratios);
}

export interface Row {
  scenario: string;
  variant?: Variant;
  /** Ratio shown in the table and what it is relative to. */
  ratio?: number;
  vs?: string;
  target?: string;
  pass?: boolean;
}

export interface Target {
  name: string;
  value: number;
  comparator: '≥' | '≤';
  threshold: number;
  unit: string;
  pass: boolean;
}

export function target(
  name: string,
  value: number,
  comparator: '≥' | '≤',
  threshold: number,
  unit = '×',
): Target {
  const pass =
    Number.isFinite(value) && (comparator === '≥' ? value >= threshold : value <= threshold);
  return { name, value, comparator, threshold, unit, pass };
}

const fmt = (n: number | undefined, digits: number) =>
  n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '–');

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignRight[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function renderTable(rows: Row[]): string {
  return table(
    ['scenario', 'body kB', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio', 'vs', 'target', 'pass'],
    rows.map((r) => {
      const s = r.variant ? summarize(r.variant) : undefined;
      return [
        r.scenario,
        r.variant?.bodyBytes === undefined ? '' : fmt(r.variant.bodyBytes / 1000, 1),
        s ? fmtInt(s.rps) : '',
        s ? fmt(s.p50, 2) : '',
        s ? fmt(s.p99, 2) : '',
        s ? String(s.errors) : '',
        r.ratio === undefined ? '' : `${fmt(r.ratio, 2)}×`,
        r.vs ?? '',
        r.target ?? '',
        r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
      ];
    }),
    [false, true, true, true, true, true, true, false, false, false],
  );
}

export function renderTargets(targets: Target[]): string {
  return table(
    ['target', 'measured', 'required', 'pass'],
    targets.map((t) => [
      t.name,
      `${fmt(t.value, t.unit === 'ms' ? 2 : 3)} ${t.unit}`,
      `${t.comparator} ${t.threshold} ${t.unit}`,
      t.pass ? 'PASS' : 'FAIL',
    ]),
    [false, true, true, false],
  );
}

/** Writes results/<timestamp>.json and results/latest.json; returns the first path. */
export function writeResults(results: unknown, startedAt: Date): string {
  const dir = path.join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}

export function variantJson(variant: Variant) {
  return {
    id: variant.id,
    label: variant.label,
    bodyBytes: variant.bodyBytes ?? null,
    median: summarize(variant),
    samples: variant.samples,
    discarded: variant.discarded,
  };
}
