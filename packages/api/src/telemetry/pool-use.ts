/**
 * How busy a database pool is. Neither postgres.js nor PGlite reports this, so
 * the query path counts it: every query outside a transaction and every
 * transaction holds one connection from the moment it is issued until it
 * settles. Beyond the pool size the rest are waiting for a connection.
 */
export class PoolCounter {
  active = 0;
  constructor(readonly max: number) {}
}

const pools = new Set<PoolCounter>();

/** Starts counting a pool; the returned function stops (when the database is closed). */
export function countPool(max: number): { counter: PoolCounter; forget: () => void } {
  const counter = new PoolCounter(max);
  pools.add(counter);
  return { counter, forget: () => void pools.delete(counter) };
}

/** The pools this process has open, added together. */
export function poolUse(): { inUse: number; max: number; waiting: number } {
  let inUse = 0;
  let max = 0;
  let waiting = 0;
  for (const pool of pools) {
    inUse += Math.min(pool.active, pool.max);
    max += pool.max;
    waiting += Math.max(0, pool.active - pool.max);
  }
  return { inUse, max, waiting };
}
