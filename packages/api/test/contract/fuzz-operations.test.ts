import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import { onlineEvent } from '../security/operation-requests.js';
import {
  brokenJsonText,
  CONTENT_TYPES,
  type Components,
  craftedCursor,
  encode,
  oddString,
  valueFor,
  wireValue,
} from './fuzz-arbitraries.js';

/**
 * The contract fuzzer: for every operation in the published openapi.json, at
 * least FUZZ_RUNS (default 200) malformed requests (wrong types, huge and odd
 * strings, impossible dates, crafted cursors, repeated and unknown parameters,
 * odd headers, broken, deep and huge JSON bodies), sent in-process with an
 * admin key where the operation needs one. No answer may be a 5xx, and every
 * 4xx must be a problem+json. Runs on one database, since it is about the HTTP
 * contract and the database-specific edges have tests of their own: PostgreSQL
 * when TEST_DATABASE_URL is set (a request costs a fraction of what it costs on
 * PGlite's WebAssembly), PGlite otherwise.
 * A failure prints fast-check's seed and the smallest request it found;
 * FUZZ_SEED=<seed> replays it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Record<string, unknown>;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  secured: boolean;
  parameters: Parameter[];
  body?: Record<string, unknown>;
}

const document = JSON.parse(
  readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Components };
};

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    operationId: String(op.operationId),
    secured: Array.isArray(op.security) && op.security.length > 0,
    parameters: (op.parameters ?? []) as Parameter[],
    body: (op.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> })
      ?.content?.['application/json']?.schema,
  })),
);

interface FuzzRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
}

/** Header values must be byte strings; odd text is cut to what a client can send. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e\x80-\xff]/g, '').slice(0, 8_000);

const ODD_HEADERS = [
  'if-none-match',
  'if-modified-since',
  'idempotency-key',
  'accept',
  'accept-language',
  'accept-encoding',
  'x-forwarded-for',
  'origin',
  'prefer',
];

function requestArbitrary(
  op: Operation,
  known: Record<string, string>,
  adminSecret: string,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(
      ...pathParams.map((p) =>
        known[p.name]
          ? fc.oneof(
              { weight: 2, arbitrary: fc.constant(encode(known[p.name]!)) },
              wireValue(oddString),
            )
          : wireValue(oddString),
      ),
    )
    .map((values) =>
      pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, values[i]!), op.path),
    );

  const queryNames = op.parameters.filter((p) => p.in === 'query');
  const queryValue = (p: Parameter | undefined) =>
    wireValue(
      p?.name === 'cursor'
        ? craftedCursor
        : p?.schema
          ? valueFor(p.schema, document.components.schemas).map((v) =>
              typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
            )
          : oddString,
    );
  const pair = fc.oneof(
    ...queryNames.map((p) => fc.tuple(fc.constant(p.name), queryValue(p))),
    fc.tuple(fc.constantFrom('unknown', 'limit[]', '', '__proto__'), queryValue(undefined)),
  );
  // Repeated parameters come from drawing the same name twice.
  const query = fc
    .array(pair, { maxLength: queryNames.length > 0 ? 6 : 2 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${v}`).join('&'));

  const authorization = op.secured
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant(`Bearer ${adminSecret}`) },
        { weight: 1, arbitrary: oddString.map((s) => `Bearer ${headerSafe(s)}`) },
        { weight: 1, arbitrary: fc.constantFrom('Basic Zm9vOmJhcg==', 'Bearer', '') },
      )
    : fc.oneof(fc.constant(''), fc.constant(`Bearer ${adminSecret}`));
  const oddHeaders = fc.array(
    fc.tuple(fc.constantFrom(...ODD_HEADERS), oddString.map(headerSafe)),
    {
      maxLength: 3,
    },
  );

  const body: fc.Arbitrary<{ body?: string; contentType?: string }> = op.body
    ? fc.oneof(
        {
          weight: 3,
          arbitrary: valueFor(op.body, document.components.schemas).map((v) => ({
            body: JSON.stringify(v) ?? 'null',
            contentType: 'application/json',
          })),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            body: brokenJsonText,
            contentType: fc.constantFrom(...CONTENT_TYPES),
          }),
        },
      )
    : op.method === 'GET'
      ? fc.constant({})
      : fc.oneof(
          fc.constant({}),
          fc.record({ body: brokenJsonText, contentType: fc.constantFrom(...CONTENT_TYPES) }),
        );

  return fc
    .record({ path, query, authorization, oddHeaders, body, client: fc.ipV4() })
    .map(({ path, query, authorization, oddHeaders, body, client }) => ({
      path,
      query,
      headers: {
        ...Object.fromEntries(oddHeaders),
        ...(authorization ? { authorization } : {}),
        ...(body.contentType ? { 'content-type': body.contentType } : {}),
        'x-test-client': client,
      },
      ...(body.body !== undefined ? { body: body.body } : {}),
    }));
}

const backend = testDatabases().at(-1)!;

describe(`contract fuzzer (${backend.name})`, () => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let adminSecret: string;
  const known: Record<string, string> = { purpose: 'publicProfile', externalId: 'ext-fuzz' };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    adminSecret = (await createTestKey(database.db, [adminGrant])).secret;
    known.chapterId = (await createChapter(database.db)).id;
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await t.app.request(path, {
        method,
        headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
      return (await response.json()) as { id: string };
    };
    const chapter = `/v1/chapters/${known.chapterId}`;
    known.eventId = (await admin('POST', `${chapter}/events`, onlineEvent('Fuzzed'))).id;
    known.seriesId = (
      await admin('POST', `${chapter}/series`, {
        rrule: 'FREQ=WEEKLY;COUNT=3',
        startLocal: '2030-03-04T12:00',
        timeZone: 'Europe/London',
        durationMinutes: 60,
        event: { title: { en: 'Fuzzed weekly' }, attendanceMode: 'online' },
      })
    ).id;
    known.sourceId = (
      await admin('POST', `${chapter}/sources`, {
        kind: 'ics',
        url: 'https://calendar.example.org/fuzz.ics',
      })
    ).id;
    known.memberId = (
      await admin('POST', `${chapter}/members`, { name: 'Fuzz', email: 'fuzz@example.org' })
    ).id;
    known.webhookId = (
      await admin('POST', '/v1/webhooks', {
        url: 'https://hooks.example.org/fuzz',
        events: ['event.created'],
        chapters: [known.chapterId],
      })
    ).id;
    known.deliveryId = (await admin('POST', `/v1/webhooks/${known.webhookId}/test`)).id;
    known.keyId = (
      await admin('POST', '/v1/keys', {
        name: 'fuzz target',
        grants: [{ scope: 'events:write', chapterId: known.chapterId }],
      })
    ).id;
  });
  afterAll(() => database?.close());

  it('reads every operation from openapi.json', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: no 5xx, every 4xx a problem+json',
    async (_id, op) => {
      let failure = '';
      const outcome = await fc.check(
        fc.asyncProperty(requestArbitrary(op, known, adminSecret), async (request) => {
          const url = `http://hub.test${request.path}${request.query ? `?${request.query}` : ''}`;
          const response = await t.app.request(url, {
            method: op.method,
            headers: request.headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
          });
          const text = await response.text();
          const type = response.headers.get('content-type') ?? '';
          const bad =
            response.status >= 500 ||
            (response.status >= 400 && !type.startsWith('application/problem+json'));
          if (bad) failure = describeFailure(op.method, url, request, response.status, type, text);
          return !bad;
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
      );
      // fast-check's own report would print megabyte-sized bodies; this one is cut short.
      if (outcome.failed) {
        const thrown = outcome.errorInstance instanceof Error ? outcome.errorInstance.message : '';
        throw new Error(
          `${failure || thrown.slice(0, 500)}\nreplay with FUZZ_SEED=${outcome.seed}`,
        );
      }
    },
    120_000,
  );
});

function describeFailure(
  method: string,
  url: string,
  request: FuzzRequest,
  status: number,
  type: string,
  text: string,
): string {
  const cut = (value: string, n = 300) =>
    value.length > n ? `${value.slice(0, n)}… (${value.length} chars)` : value;
  return [
    `${method} ${cut(url)} → ${status} ${type}`,
    `headers: ${cut(JSON.stringify(request.headers))}`,
    `body: ${request.body === undefined ? '(none)' : cut(JSON.stringify(request.body))}`,
    `answer: ${cut(text)}`,
  ].join('\n');
}
