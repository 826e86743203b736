#!/usr/bin/env node
// Bundles the element (with Lit and the SDK client inlined) into one minified ES
// module, plus the small iframe, host-resize and builder scripts, and writes
// dist/manifest.json with the version, content hash and Subresource Integrity hash
// that the hub uses for its versioned, immutable URL.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const { version } = JSON.parse(await readFile(`${root}package.json`, 'utf8'));

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

/** Stylesheets become minified strings inside the bundle (no extra request, CSP-safe). */
const cssAsText = {
  name: 'css-as-text',
  setup(builder) {
    builder.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(await readFile(args.path, 'utf8'), {
        loader: 'css',
        minify: true,
      });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

const common = {
  plugins: [cssAsText],
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2021',
  logLevel: 'warning',
  legalComments: 'eof',
};
await build({
  ...common,
  entryPoints: {
    'otg-events': `${root}src/otg-events.ts`,
    frame: `${root}src/frame.ts`,
    builder: `${root}src/builder.ts`,
  },
  format: 'esm',
  outdir: dist,
  splitting: false,
});
// The host-page helper is a classic script so it works without type="module".
await build({
  ...common,
  entryPoints: { resize: `${root}src/resize.ts` },
  format: 'iife',
  outdir: dist,
});

const code = await readFile(`${dist}/otg-events.js`);
const manifest = {
  version,
  hash: createHash('sha256').update(code).digest('hex').slice(0, 12),
  integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
  bytes: code.length,
};
await writeFile(`${dist}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`@oneteamgov/embed ${version}: otg-events.js ${code.length} B, ${manifest.integrity}`);
