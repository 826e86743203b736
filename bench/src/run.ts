/**
 * `pnpm bench`: loads the data set into PostgreSQL, starts the API, the bare
 * node:http + postgres.js baseline (the floor) and the json_agg server (the
 * ceiling) as separate processes, checks they return the same pages, then
 * measures interleaved rounds of: the first page, a page 50,000 rows deep and
 * a 304 revalidation; finally the API on embedded PGlite with 8 requests in
 * flight (pglite-scenario.ts). Prints a table and writes results/<timestamp>.json
 * + latest.json. See README.md for what the numbers mean.
 */
import path from 'node:path';
import { describeSizes, loadPostgres } from './bench-databases.js';
import { log } from './bench-log.js';
import { type BenchConfig, loadBenchConfig, machineInfo } from './config.js';
import { AUTOCANNON_SATURATION_RPS, chooseTool, type LoadTool } from './load/index.js';
import { BIG_CHAPTER, datasetWindow } from './load-data.js';
import { FOREIGN_CORES_LIMIT } from './machine-load.js';
import { partialReport } from './partial-report.js';
import { pgliteScenario } from './pglite-scenario.js';
import { renderTable, renderTargets, variantJson, writeResults } from './report.js';
import { newVariants, runRounds, type Spec, selected, warmUp } from './rounds.js';
import { apiEnv } from './servers/api-env.js';
import { type RunningServer, startServer } from './servers/spawn.js';
import { buildSummary } from './summary.js';
import { verifyServers } from './verify.js';

const PAGE_SIZE = 20;
/** The PostgreSQL part: three servers (plus diagnostics), verified, then measured. */
async function postgresScenarios(
  tool: LoadTool,
  config: BenchConfig,
  firstPath: string,
  query: { chapter: string; from: string },
  warnings: string[],
) {
  const servers: RunningServer[] = [];
  try {
    const dbEnv = { DATABASE_URL: config.databaseUrl, POOL_SIZE: String(config.poolSize) };
    const started = await Promise.all([
      startServer('api', 'api-server.ts', apiEnv(config, { DATABASE_URL: config.databaseUrl })),
      startServer('baseline', 'baseline-server.ts', { ...dbEnv, PREPARE: '1' }),
      startServer('ceiling', 'json-agg-server.ts', { ...dbEnv, PREPARE: '1' }),
      ...(config.diagnostics
        ? [
            startServer('baseline-unprepared', 'baseline-server.ts', { ...dbEnv, PREPARE: '0' }),
            startServer(
              'api-logging',
              'api-server.ts',
              apiEnv(config, { DATABASE_URL: config.databaseUrl, LOG_LEVEL: 'info' }),
            ),
          ]
        : []),
    ]);
    servers.push(...started);
    const [api, baseline, ceiling, unprepared, logging] = started as [
      RunningServer,
      RunningServer,
      RunningServer,
      RunningServer?,
      RunningServer?,
    ];
    log(`servers up: ${servers.map((s) => `${s.name} (pid ${s.pid}, :${s.port})`).join(', ')}`);

    const verified = await verifyServers({
      bases: { api: api.baseUrl, baseline: baseline.baseUrl, ceiling: ceiling.baseUrl },
      databaseUrl: config.databaseUrl,
      firstPath,
      query,
      deepRows: config.deepRows,
    });
    for (const line of verified.lines) log(line);
    warnings.push(...verified.warnings);

    const deep = config.deepRows.toLocaleString('en-GB');
    const firstGroup: Spec[] = [
      { id: 'api-first', label: 'first page · API', server: api, path: firstPath },
      {
        id: 'baseline-first',
        label: 'first page · baseline (floor)',
        server: baseline,
        path: firstPath,
      },
      {
        id: 'ceiling-first',
        label: 'first page · json_agg (ceiling)',
        server: ceiling,
        path: firstPath,
      },
      // The API keeps built pages; these show what a request costs when it cannot use one.
      {
        id: 'api-first-miss',
        label: 'first page · API, every URL new (page built)',
        server: api,
        path: firstPath,
        uniqueUrls: true,
      },
      {
        id: 'baseline-first-miss',
        label: 'first page · baseline, every URL new',
        server: baseline,
        path: firstPath,
        uniqueUrls: true,
      },
      {
        id: 'api-first-br',
        label: 'first page · API, Accept-Encoding: br',
        server: api,
        path: firstPath,
        headers: { 'Accept-Encoding': 'br' },
      },
      {
        id: 'api-first-miss-br',
        label: 'first page · API, br, every URL new',
        server: api,
        path: firstPath,
        headers: { 'Accept-Encoding': 'br' },
        uniqueUrls: true,
      },
    ];
    if (unprepared && logging) {
      firstGroup.push(
        {
          id: 'baseline-unprepared-first',
          label: 'first page · baseline, unnamed statements',
          server: unprepared,
          path: firstPath,
        },
        {
          id: 'api-logging-first',
          label: 'first page · API, LOG_LEVEL=info',
          server: logging,
          path: firstPath,
        },
      );
    }
    const groups: Spec[][] = [
      firstGroup,
      [
        {
          id: 'api-deep',
          label: `deep page (${deep} rows) · API`,
          server: api,
          path: verified.deepPath,
        },
        {
          id: 'baseline-deep',
          label: `deep page (${deep} rows) · baseline`,
          server: baseline,
          path: verified.deepPath,
        },
      ],
      [
        {
          id: 'api-304',
          label: '304 revalidation · API',
          server: api,
          path: firstPath,
          headers: { 'If-None-Match': verified.apiEtag },
        },
        {
          id: 'baseline-304',
          label: '304 revalidation · baseline',
          server: baseline,
          path: firstPath,
          headers: { 'If-None-Match': verified.baselineEtag },
        },
      ],
    ];
    const measuredGroups = selected(groups, config);
    const variants = newVariants(measuredGroups.flat());
    const { bytes } = verified;
    const compressed = await fetch(api.baseUrl + firstPath, {
      headers: { 'Accept-Encoding': 'br' },
    });
    const compressedFirst = Number(compressed.headers.get('content-length') ?? Number.NaN);
    await compressed.arrayBuffer();
    log(`first page with Accept-Encoding: br: ${compressedFirst} B (identity ${bytes.first} B)`);
    for (const variant of variants.values()) {
      if (variant.id.includes('-br')) {
        variant.bodyBytes = compressedFirst;
        continue;
      }
      variant.bodyBytes = variant.id.endsWith('-304')
        ? 0
        : variant.id.endsWith('-deep')
          ? bytes.deep
          : variant.id.startsWith('ceiling')
            ? bytes.ceilingFirst
            : bytes.first;
    }
    await warmUp(tool, measuredGroups.flat(), config, config.connections);
    await runRounds(tool, measuredGroups, variants, config, config.connections);
    return { variants, verification: verified.record };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function main() {
  const config = loadBenchConfig();
  const startedAt = new Date();
  const tool = chooseTool(config.tool);
  const machine = machineInfo();
  const warnings: string[] = [];
  log(
    `One Team Gov Hub bench · ${machine.cpus} CPU (${machine.cpuModel}) · Node ${machine.node} · load generator: ${tool.name}`,
  );
  log(
    `${config.rounds} rounds × ${config.durationSec} s per measurement, ${config.connections} connections (PGlite: ${config.pgliteConnections}), pool ${config.poolSize}`,
  );
  if (config.rounds < 3) warnings.push(`only ${config.rounds} round(s): medians need at least 3`);
  if (machine.cpus <= 2) {
    warnings.push(
      `${machine.cpus} CPUs shared by PostgreSQL, the server under test and the load generator: absolute figures are low and noisy; compare ratios`,
    );
  }

  const now = new Date();
  const window = datasetWindow(now);
  const from = window.from.toISOString().replace('.000Z', 'Z');
  const query = { chapter: BIG_CHAPTER, from };
  const firstPath = `/v1/events?chapter=${BIG_CHAPTER}&from=${from}&limit=${PAGE_SIZE}`;

  log(
    `loading ${config.events.toLocaleString('en-GB')} events into PostgreSQL database "${config.databaseName}"`,
  );
  const pgData = await loadPostgres(config, now);
  log(
    `loaded ${pgData.events.toLocaleString('en-GB')} events (${pgData.seriesEvents} from ${pgData.series} series) over ${pgData.chapters} chapters in ${(pgData.ms / 1000).toFixed(1)} s; ${BIG_CHAPTER}: ${pgData.perChapter[BIG_CHAPTER]}`,
  );

  log(`sizes: ${describeSizes(pgData.sizes)}`);

  const pg = await postgresScenarios(tool, config, firstPath, query, warnings);
  const pgl = config.pglite ? await pgliteScenario(tool, config, firstPath, now) : undefined;

  if (config.variants) {
    partialReport(pg.variants, pgl, config, startedAt);
    return;
  }
  const { ratios, targets, rows } = buildSummary({
    variants: pg.variants,
    pglite: pgl?.many,
    pgliteSingle: pgl?.single,
    pgliteMiss: pgl?.manyMiss,
    deepRows: config.deepRows,
    pgliteConnections: config.pgliteConnections,
    diagnostics: config.diagnostics,
  });
  const measured = [
    ...pg.variants.values(),
    ...(pgl ? [pgl.many, pgl.single, pgl.manyMiss] : []).filter((v) => v !== undefined),
  ];
  const samples = measured.flatMap((x) => x.samples);
  const noisy = samples.filter(
    (s) => s.foreignCores !== null && s.foreignCores > FOREIGN_CORES_LIMIT,
  );
  const rerun = measured.reduce((n, v) => n + v.discarded.length, 0);
  if (rerun > 0) {
    warnings.push(
      `${rerun} measurements were disturbed by other processes and measured again (kept in the JSON as "discarded")`,
    );
  }
  if (noisy.length > 0) {
    warnings.push(
      `${noisy.length} of ${samples.length} kept measurements ran while other processes used > ${FOREIGN_CORES_LIMIT} cores (after ${config.retries} retries); they are included: treat the figures with care`,
    );
  }
  const errors = samples.reduce((n, s) => n + s.errors, 0);
  if (errors > 0)
    warnings.push(
      `${errors} failed requests (errors, timeouts or non-2xx/3xx) during measurements`,
    );
  if (tool.name === 'autocannon' && samples.some((s) => s.rps > AUTOCANNON_SATURATION_RPS)) {
    warnings.push(
      `autocannon measured above ${AUTOCANNON_SATURATION_RPS} req/s: it may be the bottleneck; install wrk`,
    );
  }

  console.log('');
  console.log(
    `Medians of ${config.rounds} interleaved rounds (${tool.name}, ${config.durationSec} s each, ${config.connections} connections; ratios are medians of per-round ratios)`,
  );
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  console.log(renderTargets(targets));
  console.log('');
  for (const w of warnings) console.log(`warning: ${w}`);

  const file = writeResults(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      tool: tool.name,
      settings: {
        durationSec: config.durationSec,
        retries: config.retries,
        warmupSec: config.warmupSec,
        rounds: config.rounds,
        connections: config.connections,
        pgliteConnections: config.pgliteConnections,
        poolSize: config.poolSize,
        database: config.databaseName,
      },
      dataset: {
        from,
        to: window.to.toISOString(),
        postgres: pgData,
        pglite: pgl?.data ?? null,
        pgliteCheck: pgl?.check ?? null,
      },
      requests: { firstPage: firstPath, pageSize: PAGE_SIZE, deepRows: config.deepRows },
      verification: pg.verification,
      variants: Object.fromEntries(measured.map((x) => [x.id, variantJson(x)])),
      ratios,
      targets,
      warnings,
    },
    startedAt,
  );
  log(`results written to ${path.relative(process.cwd(), file)} and results/latest.json`);
  if (process.env.BENCH_STRICT === '1' && targets.some((t) => !t.pass)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
