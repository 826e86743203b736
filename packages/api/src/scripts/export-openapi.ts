import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../openapi.js';
import {
  accessTable,
  cachingTable,
  declaredOperations,
  replaceGenerated,
} from './policy-tables.js';

/**
 * Writes the committed packages/api/openapi.json, and the access and caching tables
 * in the docs, from the routes' declarations. Needs no database and no environment.
 */
const document = openApiDocument();
const target = fileURLToPath(new URL('../../openapi.json', import.meta.url));
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${target}`);

const operations = declaredOperations(document);
const docs = [
  ['../../../../docs/concepts/caching.md', 'caching', cachingTable(operations)],
  ['../../../../docs/concepts/authentication.md', 'access', accessTable(operations)],
] as const;
for (const [relative, name, table] of docs) {
  const path = fileURLToPath(new URL(relative, import.meta.url));
  await writeFile(path, replaceGenerated(await readFile(path, 'utf8'), name, table));
  console.log(`wrote the ${name} table in ${path}`);
}
