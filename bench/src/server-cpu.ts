import type { CpuSnapshot } from './machine-load.js';

/** Linux's clock tick (USER_HZ), the unit of /proc/<pid>/stat times. */
const MS_PER_TICK = 10;

/** CPU milliseconds per request: the server process, and its PostgreSQL backends. */
export interface CpuPerRequest {
  server: number;
  database: number;
}

/**
 * CPU the server under test and its PostgreSQL backends spent per request
 * between two snapshots. Unlike req/s and latency, this does not depend on how
 * much of the machine other processes took meanwhile (only on their effect on
 * caches), so it compares two servers on a shared machine. Null off Linux or
 * without requests.
 */
export function cpuPerRequest(
  serverPid: number,
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
  requests: number,
): CpuPerRequest | null {
  if (!before || !after || requests <= 0) return null;
  let server = 0;
  let database = 0;
  for (const [pid, now] of after.processes) {
    const ticks = now - (before.processes.get(pid) ?? 0);
    if (pid === serverPid) server += ticks;
    else database += ticks;
  }
  return {
    server: (server * MS_PER_TICK) / requests,
    database: (database * MS_PER_TICK) / requests,
  };
}
