import type { CpuSnapshot } from './machine-load.js';

/** Linux's clock tick (USER_HZ), the unit of /proc/<pid>/stat times. */
const MS_PER_TICK = 10;

/**
 * CPU milliseconds the server under test and its PostgreSQL backends spent per
 * request between two snapshots. Unlike req/s and latency, this does not
 * depend on how much of the machine other processes took meanwhile (only
 * their effect on caches), so it compares two servers on a shared machine.
 * Null off Linux or without requests.
 */
export function serverCpuMsPerRequest(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
  requests: number,
): number | null {
  if (!before || !after || requests <= 0) return null;
  let ticks = 0;
  for (const [pid, now] of after.processes) ticks += now - (before.processes.get(pid) ?? 0);
  return (ticks * MS_PER_TICK) / requests;
}
