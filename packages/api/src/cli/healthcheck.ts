import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';

/** A worker has no HTTP port; it proves it is alive by touching this file. */
export const DEFAULT_HEARTBEAT = join(tmpdir(), 'otg-hub-worker.heartbeat');
const HEARTBEAT_EVERY_MS = 10_000;
/** Six missed beats: a worker stuck that long (a blocked event loop, a hung run) is not alive. */
const DEFAULT_MAX_AGE_S = 60;

/**
 * Touches the heartbeat file now and every 10 s until stopped. The timer runs
 * on the worker's event loop, so a loop blocked by a runaway task stops the
 * beat and the health check fails.
 */
export function startHeartbeat(file = DEFAULT_HEARTBEAT): () => void {
  mkdirSync(dirname(file), { recursive: true });
  const beat = () => writeFileSync(file, `${new Date().toISOString()}\n`);
  beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** `otg-hub healthcheck [--worker]`: a container health check without curl or wget. */
export async function healthcheckCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      worker: { type: 'boolean' },
      heartbeat: { type: 'string' },
      'max-age': { type: 'string' },
    },
  });
  if (values.worker) {
    const file = values.heartbeat ?? DEFAULT_HEARTBEAT;
    const maxAge = Number(values['max-age'] ?? DEFAULT_MAX_AGE_S);
    try {
      const age = (Date.now() - statSync(file).mtimeMs) / 1000;
      if (age <= maxAge) return 0;
      console.error(`worker heartbeat ${file} is ${Math.round(age)} s old (limit ${maxAge} s)`);
    } catch {
      console.error(`no worker heartbeat at ${file}: is \`otg-hub worker\` running here?`);
    }
    return 1;
  }
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  try {
    const response = await fetch(
      `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}/healthz`,
      {
        signal: AbortSignal.timeout(3000),
      },
    );
    if (response.ok) return 0;
    console.error(`/healthz answered ${response.status}`);
  } catch (error) {
    console.error(`/healthz did not answer: ${(error as Error).message}`);
  }
  return 1;
}
