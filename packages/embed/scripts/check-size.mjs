#!/usr/bin/env node
// Fails when the served element script exceeds its budget once gzipped (level 9,
// as a CDN or the hub's compression would serve it). Run `pnpm build` first.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const LIMIT = 12 * 1024; // bytes, min+gzip

const code = await readFile(new URL('../dist/otg-events.js', import.meta.url));
const gzipped = gzipSync(code, { level: 9 }).length;
const verdict = gzipped <= LIMIT ? 'ok' : 'OVER BUDGET';
console.log(
  `@oneteamgov/embed otg-events.js: ${code.length} B min, ${gzipped} B min+gzip (limit ${LIMIT} B) ${verdict}`,
);
if (gzipped > LIMIT) process.exit(1);
