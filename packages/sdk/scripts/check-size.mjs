#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
// Bundles dist/index.js for the browser (esbuild, minified ESM), gzips it at level 9
// and fails when the result exceeds the budget. Run `tsup` first.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const LIMIT = 3072; // bytes, min+gzip

const result = await build({
  entryPoints: [fileURLToPath(new URL('../dist/index.js', import.meta.url))],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const verdict = gzipped <= LIMIT ? 'ok' : 'OVER BUDGET';
console.log(
  `@oneteamgov/sdk browser bundle: ${code.length} B min, ${gzipped} B min+gzip (limit ${LIMIT} B) ${verdict}`,
);
if (gzipped > LIMIT) process.exit(1);
