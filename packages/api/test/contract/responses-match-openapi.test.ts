import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { openApiDocument } from '../../src/openapi.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import { type Fixtures, requestFor } from '../security/operation-requests.js';

/**
 * Live responses of every operation, validated against the published document
 * by an independent JSON Schema 2020-12 validator — what a client generated
 * from openapi.json would check. A pattern or bound that only zod understands
 * (a leaked regex flag, say) fails here.
 */
const DOCUMENT_ID = 'https://hub.test/openapi.json';
const document = openApiDocument();

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...structuredClone(document), $id: DOCUMENT_ID });

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, { operationId?: string }>).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    operationId: String(op.operationId),
  })),
);

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The compiled schema the document declares for this answer, or why there is none. */
function declaredSchema(op: Operation, status: number, contentType: string) {
  const item = document.paths?.[op.path] as
    | Record<string, { responses: Record<string, unknown> }>
    | undefined;
  const responses = item?.[op.method.toLowerCase()]?.responses;
  const response = (responses?.[String(status)] ?? responses?.default) as
    | { content?: Record<string, { schema?: unknown }> }
    | undefined;
  if (!response) return { missing: `status ${status} is not declared` };
  const mediaType = contentType.split(';')[0]!.trim();
  if (!response.content?.[mediaType]?.schema) {
    return { missing: `${mediaType} is not declared for ${status}` };
  }
  const pointer = [
    'paths',
    op.path,
    op.method.toLowerCase(),
    'responses',
    String(response === responses?.[String(status)] ? status : 'default'),
    'content',
    mediaType,
    'schema',
  ]
    .map(escapePointer)
    .join('/');
  return { validate: ajv.getSchema(`${DOCUMENT_ID}#/${pointer}`)! };
}

async function bodyOf(response: Response, contentType: string): Promise<unknown> {
  const text = await response.text();
  return /json/.test(contentType) ? JSON.parse(text) : text;
}

describe.each(testDatabases())('responses match openapi.json on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let fixtures: Fixtures;
  let taggedEventId: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const a = await createChapter(database.db);
    const b = await createChapter(database.db);
    const admin = (await createTestKey(database.db, [adminGrant])).secret;
    fixtures = { t, adminSecret: admin, chapterA: a.id, chapterB: b.id, db: database.db };
    // Tags in several scripts, so the published tag pattern meets real values.
    taggedEventId = (
      await createEvent(database.db, a, { tags: ['unconference', 'Café numérique', 'дизайн 2'] })
    ).id;
  });
  afterAll(() => database?.close());

  async function check(op: Operation, path: string, init: RequestInit, as: string) {
    const response = await t.fetch(`http://hub.test${path}`, { method: op.method, ...init });
    const contentType = response.headers.get('content-type');
    if (response.status === 204 || response.status === 304 || !contentType) {
      expect(contentType, `${op.operationId} ${as}: ${response.status} has no body`).toBeNull();
      return;
    }
    const declared = declaredSchema(op, response.status, contentType);
    expect(declared.missing, `${op.operationId} ${as}`).toBeUndefined();
    const body = await bodyOf(response, contentType);
    const valid = declared.validate!(body);
    expect(
      valid ? [] : declared.validate!.errors,
      `${op.operationId} ${as} answered ${response.status} ${contentType}`,
    ).toEqual([]);
  }

  it('has an independent validator that rejects what the document forbids', () => {
    const tagged = operations.find((op) => op.operationId === 'getEvent')!;
    const { validate } = declaredSchema(tagged, 200, 'application/json');
    expect(validate!({ id: 'x' })).toBe(false);
  });

  it('accepts events whose tags are letters and digits of any script', async () => {
    await check(
      operations.find((op) => op.operationId === 'getEvent')!,
      `/v1/events/${taggedEventId}`,
      {},
      'for a tagged event',
    );
    const list = await t.app.request(`/v1/chapters/${fixtures.chapterA}/events?tag=unconference`);
    const page = (await list.json()) as { data: { tags: string[] }[] };
    expect(page.data.map((e) => e.tags)).toContainEqual([
      'unconference',
      'Café numérique',
      'дизайн 2',
    ]);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.operationId}) answers what it declares`, async () => {
      // The authorized answer, then the anonymous one (data, or a 401 problem).
      for (const as of ['as admin', 'anonymously']) {
        const request = await requestFor(op.operationId, fixtures);
        const headers: Record<string, string> = { ...request.headers };
        if (as === 'as admin') headers.authorization = `Bearer ${fixtures.adminSecret}`;
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        await check(
          op,
          request.path,
          {
            headers,
            ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          },
          as,
        );
      }
    });
  }
});
