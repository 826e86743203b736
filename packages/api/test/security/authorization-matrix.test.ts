import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/auth/route-policy.js';
import type { Database } from '../../src/db/client.js';
import { auditLog } from '../../src/db/schema/index.js';
import { CACHING, type Caching, cacheControl } from '../../src/lib/cache.js';
import { openApiDocument } from '../../src/openapi.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createRevokedKey, createTestKey, organiserGrants } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import { type Caller, expectedOutcome, type Outcome } from './expected-outcome.js';
import { type Fixtures, requestFor } from './operation-requests.js';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  secured: boolean;
  access: Access;
  caching: Caching;
}

/** Every operation in the published OpenAPI document: the matrix cannot miss one. */
function operations(): Operation[] {
  const paths = openApiDocument().paths ?? {};
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: String(op.operationId),
      secured: Array.isArray(op.security) && op.security.length > 0,
      access: op['x-access'] as Access,
      caching: op['x-caching'] as Caching,
    })),
  );
}

const CALLERS: Caller[] = ['anonymous', 'chapterA', 'chapterB', 'revoked', 'admin'];

const outcomeOf = (status: number): Outcome =>
  status < 300
    ? 'ok'
    : status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'notFound'
          : 'other';

describe.each(testDatabases())('authorization matrix on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  const secrets = {} as Record<Exclude<Caller, 'anonymous'>, string>;
  let fixtures: Fixtures;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const a = await createChapter(database.db);
    const b = await createChapter(database.db);
    secrets.chapterA = (await createTestKey(database.db, organiserGrants(a.id))).secret;
    secrets.chapterB = (await createTestKey(database.db, organiserGrants(b.id))).secret;
    secrets.revoked = (await createRevokedKey(database.db, organiserGrants(a.id))).secret;
    secrets.admin = (await createTestKey(database.db, [adminGrant])).secret;
    fixtures = { t, adminSecret: secrets.admin, chapterA: a.id, chapterB: b.id, db: database.db };
  });
  afterAll(() => database?.close());

  const all = operations();
  const auditCount = async () =>
    (await database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

  it('covers every operation in the OpenAPI document, each declaring who may call it', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const op of all) {
      expect(op.access?.kind, op.operationId).toBeDefined();
      // The document's security requirement agrees with the declared rule.
      expect(op.secured, op.operationId).toBe(op.access.kind !== 'anonymous');
    }
  });

  for (const op of all) {
    it(`${op.method} ${op.path} (${op.operationId}) answers only the intended callers, with the declared caching`, async () => {
      const seen: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      for (const caller of CALLERS) {
        // A fresh target per caller: a delete by one caller must not change what the next sees.
        const request = await requestFor(op.operationId, fixtures);
        const headers: Record<string, string> = { ...request.headers };
        if (caller !== 'anonymous') headers.authorization = `Bearer ${secrets[caller]}`;
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        const auditedBefore = await auditCount();
        const res = await t.fetch(`http://hub.test${request.path}`, {
          method: op.method,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        });
        // Successful answers carry the declared caching; anything with a key is private.
        if (res.status < 300) {
          // Probes take no key, and "never store" stays so for every caller.
          const caching =
            caller === 'anonymous' || op.caching.kind === 'none' ? op.caching : CACHING.private;
          expect(res.headers.get('cache-control'), `${op.operationId} as ${caller}`).toBe(
            cacheControl(caching),
          );
        }
        const authorizedAnswer = request.authorizedStatus === res.status ? 'ok' : undefined;
        seen[caller] = authorizedAnswer ?? `${outcomeOf(res.status)} (${res.status})`;
        wanted[caller] = expectedOutcome(op, caller);
        // Every successful write leaves exactly one audit entry; refused ones leave none.
        if (op.method !== 'GET' && op.path !== '/healthz') {
          const written = res.status < 300 ? 1 : 0;
          expect(await auditCount(), `${op.operationId} as ${caller}`).toBe(
            auditedBefore + written,
          );
        }
        seen[caller] = seen[caller].startsWith(wanted[caller]) ? wanted[caller] : seen[caller];
      }
      expect(seen).toEqual(wanted);
    });
  }
});
