import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { logTraceFields } from '../../src/telemetry/log-trace-fields.js';
import { queryTracer } from '../../src/telemetry/query-tracer.js';
import { startTracing, type Tracing } from '../../src/telemetry/start-tracing.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A stand-in OpenTelemetry collector: an OTLP/HTTP JSON receiver on loopback. */
async function startCollector() {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      const message = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const r of message.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value.stringValue;

const hex = (bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');

let collector: Awaited<ReturnType<typeof startCollector>>;
let tracing: Tracing;

beforeAll(async () => {
  collector = await startCollector();
  tracing = startTracing({
    endpoint: collector.endpoint,
    serviceName: 'hub-under-test',
    version: '0.0.0-test',
  });
});

afterAll(async () => {
  await tracing?.shutdown();
  await collector?.close();
});

describe.each(testDatabases())('traces on $name', (backend) => {
  let database: TestDb;
  let app: ReturnType<typeof createApp>;
  let eventId: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await backend.open();
    app = createApp({
      db: database.db,
      logger: createLogger('info', {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      }),
      publicUrl: TEST_ORIGIN,
      instanceName: 'Test hub',
      version: '0.0.0-test',
      ping: database.ping,
      traceRequests: tracing.requestSpans,
    });
    const chapter = await createChapter(database.db);
    eventId = (await createEvent(database.db, chapter)).id;
  });
  afterAll(() => database?.close());

  it('continues the caller’s trace: a server span named by route, its database spans, its log line', async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const response = await app.request(`/v1/events/${eventId}`, {
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(response.status).toBe(200);
    await tracing.flush();

    expect(collector.paths).toContainEqual(
      expect.stringMatching(/^POST \/v1\/traces application\/json/),
    );
    const trace = collector.spans.filter((s) => s.traceId === traceId);
    const server = trace.find((s) => s.parentSpanId === callerSpanId);
    expect(server?.name).toBe('GET /v1/events/:eventId');
    expect(server?.kind).toBe(2); // SERVER
    expect(attribute(server!, 'http.request.method')).toBe('GET');

    const statements = trace.filter((s) => attribute(s, 'db.system.name') === 'postgresql');
    expect(statements.length).toBeGreaterThan(0);
    const select = statements.find((s) => s.name.startsWith('SELECT'));
    expect(select, JSON.stringify(statements.map((s) => s.name))).toBeDefined();
    expect(select?.kind).toBe(3); // CLIENT
    expect(attribute(select!, 'db.query.text')).toMatch(/^select /i);
    // Statements are parameterised: the id asked for travels as a parameter, not in the text.
    for (const s of statements) expect(attribute(s, 'db.query.text')).not.toContain(eventId);

    const requestLine = lines.find(
      (l) => l.msg === 'request' && l.path === `/v1/events/${eventId}`,
    );
    expect(requestLine?.trace_id).toBe(traceId);
    expect(requestLine?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('traces a write: its transaction span parents the statements it ran', async () => {
    const chapter = await createChapter(database.db);
    const key = await createTestKey(database.db, organiserGrants(chapter.id));
    const before = collector.spans.length;
    const response = await app.request(`/v1/chapters/${chapter.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${key.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ website: 'https://www.oneteamgov.example' }),
    });
    expect(response.status).toBe(200);
    await tracing.flush();
    const fresh = collector.spans.slice(before);
    const server = fresh.find((s) => s.kind === 2);
    expect(server?.name).toBe('PATCH /v1/chapters/:chapterId');
    // Without a traceparent the request starts a trace of its own.
    expect(server?.parentSpanId ?? '').toBe('');
    const transaction = fresh.find(
      (s) => s.name === 'transaction' && s.traceId === server?.traceId,
    );
    expect(transaction).toBeDefined();
    const inside = fresh.filter((s) => s.parentSpanId === transaction?.spanId);
    expect(inside.map((s) => s.name)).toContainEqual(expect.stringMatching(/^UPDATE chapters/));
  });

  it('leaves work outside any request untraced (no trace per polling query)', async () => {
    const before = collector.spans.length;
    await database.ping();
    await tracing.flush();
    expect(collector.spans.length).toBe(before);
  });
});

describe('when tracing stops', () => {
  it('uninstalls its hooks: log lines carry no trace ids and statements ask for no spans', async () => {
    const collectorAfter = await startCollector();
    const other = startTracing({
      endpoint: collectorAfter.endpoint,
      serviceName: 'hub-under-test',
      version: '0.0.0-test',
    });
    expect(queryTracer()).toBeDefined();
    await other.shutdown();
    await collectorAfter.close();
    expect(queryTracer()).toBeUndefined();
    expect(logTraceFields()).toEqual({});
    // Restore the suite's tracing for any test still to run in this file.
    tracing = startTracing({
      endpoint: collector.endpoint,
      serviceName: 'hub-under-test',
      version: '0.0.0-test',
    });
  });
});
