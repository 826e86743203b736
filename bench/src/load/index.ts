import { autocannonTool } from './autocannon.js';
import type { LoadTool } from './types.js';
import { wrkAvailable, wrkTool } from './wrk.js';

export type { LoadOptions, LoadResult, LoadTool } from './types.js';

/** Above this rate autocannon itself becomes the bottleneck on a small machine. */
export const AUTOCANNON_SATURATION_RPS = 20_000;

/**
 * One tool for every measurement of a run, so comparisons are like for like:
 * wrk when installed (lighter, a separate process), otherwise autocannon.
 */
export function chooseTool(preference: 'auto' | 'wrk' | 'autocannon'): LoadTool {
  if (preference === 'autocannon') return autocannonTool;
  if (wrkAvailable()) return wrkTool;
  if (preference === 'wrk') throw new Error('BENCH_TOOL=wrk but wrk is not installed');
  return autocannonTool;
}
