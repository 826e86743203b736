import { setFlagsFromString } from 'node:v8';

/*
 * A sync's memory is mostly short-lived garbage (each VEVENT's parse, its
 * rows, each batch's text and driver buffers) around a live heap that stays
 * small, and V8 by default lets the heap grow to about 1.5–4 times what
 * survived the last full collection before collecting again. For a 26 MB feed
 * that headroom was 20–45 MB of peak RSS. A process that exists to sync trades
 * some collection time for it: it caps the growth (V8's --heap-growing-percent,
 * read at every collection, so it applies to the parse worker's heap too, and
 * can be set after start; Node does not accept it in NODE_OPTIONS).
 */

/** The V8 flag that caps heap growth at `percent`, or null when it should be left alone. */
export function heapGrowthFlag(
  percent: number,
  /** The flags node was started with (process.execArgv): an operator's own choice wins. */
  startFlags: string,
): string | null {
  if (percent <= 0 || /--heap[-_]growing[-_]percent\b/.test(startFlags)) return null;
  return `--heap-growing-percent=${percent}`;
}

/** Applies SYNC_HEAP_GROWTH_PERCENT to this process; returns the flag set, if any. */
export function limitHeapGrowthForSync(percent: number): string | null {
  const flag = heapGrowthFlag(percent, process.execArgv.join(' '));
  if (flag) setFlagsFromString(flag);
  return flag;
}
