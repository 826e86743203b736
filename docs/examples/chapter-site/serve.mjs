// Serves this example on http://127.0.0.1:8080 (or PORT) with the built SDK as ./sdk.js.
// Run `pnpm --filter @oneteamgov/sdk build` first, start the API, then open
// http://127.0.0.1:8080/?api=http://127.0.0.1:3000&chapter=wales
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Static files of the example; `sdk.js` is the SDK package's browser-ready ESM build. */
export function exampleFiles() {
  const sdkEntry = join(dirname(require.resolve('@oneteamgov/sdk')), 'index.js');
  return {
    '/': [join(here, 'index.html'), 'text/html; charset=utf-8'],
    '/index.html': [join(here, 'index.html'), 'text/html; charset=utf-8'],
    '/app.js': [join(here, 'app.js'), 'text/javascript; charset=utf-8'],
    '/sdk.js': [sdkEntry, 'text/javascript; charset=utf-8'],
  };
}

export function createExampleServer() {
  const files = exampleFiles();
  return createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = files[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file[1] }).end(await readFile(file[0]));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  createExampleServer().listen(port, '127.0.0.1', () => {
    console.log(
      `Example chapter site on http://127.0.0.1:${port}/?api=http://127.0.0.1:3000&chapter=wales`,
    );
  });
}
