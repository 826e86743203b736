import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Is something else using the CPUs? The bench shares a small machine with
 * whatever else runs on it. Two checks, both from /proc (Linux only; elsewhere
 * they return null and the bench simply measures):
 *
 * - before a measurement, while the servers are idle: how busy the machine is
 *   (waitForQuiet waits a little for it to calm down);
 * - during a measurement: CPU time used by processes that are not part of it
 *   (machine busy time minus the server, its PostgreSQL backends, this
 *   process and its reaped children, i.e. wrk).
 */

/** user + nice + system ticks (irq/softirq/steal are left out: they belong to no process). */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const n = line.trim().split(/\s+/).slice(1).map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (n[0] ?? 0) + (n[1] ?? 0) + (n[2] ?? 0), total };
  } catch {
    return null;
  }
}

/** utime + stime (+ cutime + cstime: children that have exited and been waited for). */
function processTicks(pid: number | 'self', withChildren = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const own = (f[11] ?? 0) + (f[12] ?? 0);
    return withChildren ? own + (f[13] ?? 0) + (f[14] ?? 0) : own;
  } catch {
    return null;
  }
}

/** PostgreSQL backends connected to the bench database ("postgres: user db host(port) state"). */
function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

export interface CpuSnapshot {
  machine: { busy: number; total: number };
  self: number;
  processes: Map<number, number>;
}

export function cpuSnapshot(serverPid: number, database: string): CpuSnapshot | null {
  const machine = machineTicks();
  const self = processTicks('self', true);
  if (!machine || self === null) return null;
  const processes = new Map<number, number>();
  for (const pid of [serverPid, ...backendPids(database)]) {
    const ticks = processTicks(pid);
    if (ticks !== null) processes.set(pid, ticks);
  }
  return { machine, self, processes };
}

/** CPU cores' worth of work done by other processes between two snapshots. */
export function foreignCores(before: CpuSnapshot | null, after: CpuSnapshot | null): number | null {
  if (!before || !after) return null;
  const elapsed = after.machine.total - before.machine.total;
  if (elapsed <= 0) return null;
  let ours = after.self - before.self;
  for (const [pid, ticks] of after.processes) ours += ticks - (before.processes.get(pid) ?? 0);
  const foreign = Math.max(0, after.machine.busy - before.machine.busy - ours);
  return foreign / (elapsed / os.cpus().length);
}

/** Fraction (0–1) of all CPUs busy over the next `ms` milliseconds. */
export async function busyFraction(ms: number): Promise<number | null> {
  const a = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineTicks();
  if (!a || !b || b.total === a.total) return null;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** Idle machine: below this fraction of all CPUs busy while the bench's servers are idle. */
export const BUSY_THRESHOLD = 0.25;
/** A measurement is "disturbed" when other processes used more than this many cores during it. */
export const FOREIGN_CORES_LIMIT = 0.25;

/**
 * Samples for 0.5 s at a time until the machine is below the threshold or
 * `maxWaitMs` has passed; returns the last sample (null off Linux).
 */
export async function waitForQuiet(maxWaitMs: number): Promise<number | null> {
  const deadline = Date.now() + maxWaitMs;
  let busy = await busyFraction(500);
  while (busy !== null && busy > BUSY_THRESHOLD && Date.now() < deadline) {
    busy = await busyFraction(500);
  }
  return busy;
}
