import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { startServerProcess } from '../e2e/spawn-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps the embedded databases its end-to-end tests start from (test/global-setup.ts). */
    dataDirTemplates: string;
  }
}

/**
 * Fills `dataDir` with the embedded database a first `serve` leaves behind:
 * migrated and holding the demo data. Creating one from nothing (initdb and
 * every migration inside WebAssembly) costs several CPU-seconds, and most
 * end-to-end tests only need a started hub, so it is made once per test run
 * and copied. Tests about the first start itself start from nothing instead.
 */
export async function withDemoData(dataDir: string): Promise<void> {
  cpSync(await demoTemplate(), dataDir, { recursive: true });
}

/** Readiness, not a timing: long enough for the slowest machine to start a hub once. */
const WAIT_FOR_TEMPLATE_MS = 300_000;

async function demoTemplate(): Promise<string> {
  const root = inject('dataDirTemplates');
  const ready = join(root, 'demo');
  const failed = join(root, 'demo.failed');
  // Test files run in several workers: the first to take the lock makes the template.
  let mine = false;
  try {
    mkdirSync(join(root, 'demo.lock'));
    mine = true;
  } catch {}
  if (mine) {
    const building = join(root, 'demo.building');
    try {
      const server = await startServerProcess({ DATA_DIR: building });
      const code = await server.stop();
      if (code !== 0) throw new Error(`the template server exited with ${code}`);
      renameSync(building, ready);
    } catch (error) {
      writeFileSync(failed, String(error));
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
    return ready;
  }
  const deadline = Date.now() + WAIT_FOR_TEMPLATE_MS;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`no demo template: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the demo template was never made');
    await sleep(100);
  }
  return ready;
}
