// Serves this example on http://127.0.0.1:8080 (or PORT). The pages name the hub as
// http://127.0.0.1:3000 (the quick start); set HUB to point them at another hub.
//   index.html   the embed, as most chapter sites will use it
//   iframe.html  the iframe form, for site builders that strip scripts
//   sdk.html     your own markup with @oneteamgov/sdk (run `pnpm --filter @oneteamgov/sdk build`)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const QUICK_START_HUB = 'http://127.0.0.1:3000';
const HTML = 'text/html; charset=utf-8';

/** Static files of the example; `sdk.js` is the SDK package's browser-ready ESM build. */
export function exampleFiles() {
  const sdkEntry = join(dirname(require.resolve('@oneteamgov/sdk')), 'index.js');
  return {
    '/': [join(here, 'index.html'), HTML],
    '/index.html': [join(here, 'index.html'), HTML],
    '/iframe.html': [join(here, 'iframe.html'), HTML],
    '/sdk.html': [join(here, 'sdk.html'), HTML],
    '/app.js': [join(here, 'app.js'), 'text/javascript; charset=utf-8'],
    '/sdk.js': [sdkEntry, 'text/javascript; charset=utf-8'],
  };
}

/** @param {{ hub?: string }} [options] the hub the pages load the embed from */
export function createExampleServer({ hub = process.env.HUB ?? QUICK_START_HUB } = {}) {
  const files = exampleFiles();
  return createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = files[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = await readFile(file[0]);
    if (file[1] === HTML) body = body.toString('utf8').replaceAll(QUICK_START_HUB, hub);
    res.writeHead(200, { 'content-type': file[1] }).end(body);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  createExampleServer().listen(port, '127.0.0.1', () => {
    console.log(`Example chapter site on http://127.0.0.1:${port}/ (also /iframe.html, /sdk.html)`);
  });
}
