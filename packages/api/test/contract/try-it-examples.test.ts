import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { openApiDocument } from '../../src/openapi.js';
import { testDatabases } from '../helpers/databases.js';
import { createTestApp } from '../helpers/test-app.js';

interface Parameter {
  in: string;
  name: string;
  example?: unknown;
  schema?: { example?: unknown; items?: { example?: unknown } };
}

/** What the reference's "Try it" fills in: every parameter's documented example. */
function exampleRequests() {
  return Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) => {
    const get = (item as { get?: { operationId: string; parameters?: Parameter[] } }).get;
    if (!get) return [];
    let url = path;
    const query = new URLSearchParams();
    for (const p of get.parameters ?? []) {
      const example = p.example ?? p.schema?.example ?? p.schema?.items?.example;
      if (example === undefined) continue;
      if (p.in === 'path') url = url.replace(`{${p.name}}`, String(example));
      if (p.in === 'query') query.set(p.name, String(example));
    }
    return [{ operationId: get.operationId, url: `${url}?${query}` }];
  });
}

describe.each(testDatabases())('documented examples on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  it.each(exampleRequests())('$operationId accepts its examples: $url', async ({ url }) => {
    const response = await t.app.request(url);
    // Not found (the example ids need not exist) or unauthorized is fine; invalid is not.
    expect(response.status, await response.clone().text()).not.toBe(400);
  });
});
