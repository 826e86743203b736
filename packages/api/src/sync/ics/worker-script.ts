import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Arguments for `new Worker(source, { eval })`. */
export interface WorkerScript {
  source: string | URL;
  eval: boolean;
}

/** File name of the bundled worker next to dist/main.js: tsup entry `'ics-worker': 'src/sync/ics/parse-worker.ts'`. */
export const BUNDLED_WORKER_FILE = 'ics-worker.js';

/**
 * How to start the parse worker, depending on how this module itself runs.
 *
 * - From TypeScript source (vitest, tsx; this module's URL ends in ".ts"),
 *   with a build of the package newer than every source file it is built from:
 *   that build's dist/ics-worker.js. It is the same code, and it starts in
 *   about a tenth of the time (no loader, nothing to compile): through tsx a
 *   worker took 1.5–2.3 s to start, more than parsing a 5,000-event feed.
 * - From TypeScript source otherwise:
 *   Node 20 cannot load a .ts worker entry, and `execArgv: ['--import', 'tsx']`
 *   does not help (tried on Node 20.20: the entry still fails with
 *   ERR_UNKNOWN_FILE_EXTENSION). So the worker starts from a tiny eval'd
 *   bootstrap that registers tsx's ESM loader through its API, then imports
 *   parse-worker.ts. tsx is resolved from this file, so the current directory
 *   does not matter.
 * - Bundled by tsup (this code lives in dist/*.js): the worker is the separate
 *   entry dist/ics-worker.js. Its absence is a build mistake, reported as such
 *   rather than as a broken calendar.
 */
export function parseWorkerScript(
  moduleUrl: string = import.meta.url,
  options: { useBuild?: boolean } = {},
): WorkerScript {
  if (moduleUrl.endsWith('.ts')) {
    const built = options.useBuild === false ? undefined : freshBuild(moduleUrl);
    if (built) return { source: built, eval: false };
    const tsxApi = tsxEsmApi(moduleUrl);
    const entry = new URL('./parse-worker.ts', moduleUrl).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)})
      .then((tsx) => { (tsx.register ?? tsx.default.register)(); return import(${JSON.stringify(entry)}); });`;
    return { source: bootstrap, eval: true };
  }
  const bundled = new URL(`./${BUNDLED_WORKER_FILE}`, moduleUrl);
  if (!existsSync(fileURLToPath(bundled))) {
    throw new Error(
      `iCalendar parse worker not found at ${fileURLToPath(bundled)}: add the tsup entry 'ics-worker': 'src/sync/ics/parse-worker.ts'`,
    );
  }
  return { source: bundled, eval: false };
}

/**
 * URL of tsx's ESM API ("tsx/esm/api", import condition). require.resolve
 * would pick the CommonJS build, which cannot register the ESM loader from an
 * eval'd worker, so the path is read from tsx's own export map.
 */
let tsxApiUrl: string | undefined;
function tsxEsmApi(moduleUrl: string): string {
  if (tsxApiUrl) return tsxApiUrl;
  const manifestPath = createRequire(moduleUrl).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const api = manifest.exports?.['./esm/api'];
  const file = typeof api === 'object' ? api.import?.default : undefined;
  if (!file) throw new Error('cannot find tsx/esm/api in the installed tsx');
  tsxApiUrl = new URL(file, pathToFileURL(manifestPath)).href;
  return tsxApiUrl;
}

/** Decided once per process: a build does not go stale under a running process's feet often enough to matter. */
const freshBuilds = new Map<string, URL | undefined>();

/**
 * The package's built worker (dist/ics-worker.js, next to src/) when it is at
 * least as new as every .ts file under the package's src/ and the inlined
 * schema package's src/ (one scan of about 400 files, ~15 ms); else undefined.
 */
export function freshBuild(moduleUrl: string): URL | undefined {
  const packageRoot = new URL('../../../', moduleUrl);
  const key = packageRoot.href;
  if (freshBuilds.has(key)) return freshBuilds.get(key);
  const bundled = new URL(`dist/${BUNDLED_WORKER_FILE}`, packageRoot);
  let fresh: URL | undefined;
  try {
    const builtAt = statSync(bundled).mtimeMs;
    const sources = [new URL('src/', packageRoot), new URL('../schema/src/', packageRoot)];
    fresh = sources.every((dir) => !existsSync(dir) || newestSource(fileURLToPath(dir)) <= builtAt)
      ? bundled
      : undefined;
  } catch {
    fresh = undefined;
  }
  freshBuilds.set(key, fresh);
  return fresh;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts'))
      newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}
