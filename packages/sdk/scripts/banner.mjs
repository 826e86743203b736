#!/usr/bin/env node
// Prepends a "generated — do not edit" banner to src/generated/openapi.ts.
// Idempotent: an existing banner is replaced, never duplicated.
// Usage: node scripts/banner.mjs [source] (default source: packages/api/openapi.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));
const source = process.argv[2] ?? 'packages/api/openapi.json';
const MARK = '// @generated';
const banner = [
  `${MARK} by openapi-typescript from ${source} — do not edit.`,
  '// Regenerate with `pnpm --filter @oneteamgov/sdk generate`.',
  '',
].join('\n');

const text = readFileSync(file, 'utf8');
let body = text;
if (body.startsWith(MARK)) {
  const end = body.indexOf('\n\n');
  body = end === -1 ? '' : body.slice(end + 2);
}
const next = `${banner}\n${body}`;
if (next !== text) writeFileSync(file, next);
console.log(`banner: ${next === text ? 'already up to date' : 'written'} (${source})`);
