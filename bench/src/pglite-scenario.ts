/** The read bench's embedded part (see run.ts): the API on PGlite, loaded and measured. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPglite } from './bench-databases.js';
import { log } from './bench-log.js';
import type { BenchConfig } from './config.js';
import type { LoadTool } from './load/index.js';
import { newVariants, runRounds, type Spec, selected, warmUp } from './rounds.js';
import { apiEnv } from './servers/api-env.js';
import { type RunningServer, startServer } from './servers/spawn.js';
import { get } from './verify.js';

/** The embedded part: the API on PGlite with 8 (and 1) requests in flight. */
export async function pgliteScenario(
  tool: LoadTool,
  config: BenchConfig,
  firstPath: string,
  now: Date,
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'otg-bench-pglite-'));
  let server: RunningServer | undefined;
  try {
    log(`loading ${config.pgliteEvents.toLocaleString('en-GB')} events into PGlite (${dataDir})`);
    const data = await loadPglite(config, dataDir, now);
    log(`loaded ${data.events.toLocaleString('en-GB')} events in ${(data.ms / 1000).toFixed(1)} s`);
    server = await startServer(
      'api-pglite',
      'api-server.ts',
      apiEnv(config, { DATA_DIR: dataDir }),
    );
    const check = await get(server.baseUrl + firstPath);
    if (check.status !== 200) throw new Error(`PGlite API answered ${check.status}: ${check.body}`);
    const items = (JSON.parse(check.body) as { data: unknown[] }).data.length;
    log(
      `check PGlite first page: API ${check.status}, ${items} events, ${Buffer.byteLength(check.body)} B`,
    );
    const many: Spec = {
      id: 'api-pglite-first',
      label: `first page · API on PGlite, ${config.pgliteConnections} in flight`,
      server,
      path: firstPath,
    };
    // One request at a time: the service time the 8-deep queue is made of.
    const single: Spec = {
      id: 'api-pglite-single',
      label: 'first page · API on PGlite, 1 in flight',
      server,
      path: firstPath,
      connections: 1,
    };
    // Every request a new URL: each one reads PGlite, 8 queued at a time.
    const manyMiss: Spec = {
      id: 'api-pglite-first-miss',
      label: `first page · API on PGlite, ${config.pgliteConnections} in flight, every URL new`,
      server,
      path: firstPath,
      uniqueUrls: true,
    };
    const [group = []] = selected([[many, single, manyMiss]], config);
    const variants = newVariants(group);
    for (const variant of variants.values()) variant.bodyBytes = Buffer.byteLength(check.body);
    await warmUp(
      tool,
      group.filter((s) => s !== single),
      config,
      config.pgliteConnections,
    );
    await runRounds(tool, [group], variants, config, config.pgliteConnections);
    return {
      data,
      check: { status: check.status, items },
      many: variants.get(many.id),
      single: variants.get(single.id),
      manyMiss: variants.get(manyMiss.id),
    };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
