import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { EventListQuery } from '@oneteamgov/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/client.js';
import { DEFAULT_RATE_POLICIES, RateLimits } from '../../src/rate-limit/limiter.js';
import { testDatabases } from '../helpers/databases.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/test-app.js';
import { seedMcpRows, WINDOW } from './mcp-rows.js';

type TestApp = ReturnType<typeof createTestApp>;

/** The MCP SDK's own client, over streamable HTTP, against the app in process. */
async function connect(t: TestApp, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'hub-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('http://hub.test/mcp'), {
    fetch: t.fetch,
    requestInit: { headers },
  });
  await client.connect(transport);
  return client;
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe.each(testDatabases())('MCP over streamable HTTP on $name', (backend) => {
  let database: Database;
  let t: TestApp;
  let client: Client;
  let rows: Awaited<ReturnType<typeof seedMcpRows>>;

  beforeAll(async () => {
    database = await backend.open();
    rows = await seedMcpRows(database.db);
    t = createTestApp(database);
    client = await connect(t);
  });
  afterAll(async () => {
    await client?.close();
    await database?.close();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('lists the five tools with input and output schemas from the contract', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'calendar_links',
      'get_chapter',
      'get_event',
      'list_chapters',
      'search_events',
    ]);
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
    const search = tools.find((tool) => tool.name === 'search_events')!;
    // The very schema of GET /v1/events, not a second copy of it.
    const contract = z.toJSONSchema(EventListQuery, { io: 'input', target: 'draft-7' });
    expect(search.inputSchema.properties).toEqual(contract.properties);
    expect(search.description).toContain('List events across chapters');
  });

  it('finds what is on in the window, online, in French, with each event’s page', async () => {
    const result = await call('search_events', {
      ...WINDOW,
      attendanceMode: ['online'],
      inLanguage: ['fr'],
    });
    expect(result.isError).toBeFalsy();
    const found = result.structuredContent as { data: { id: string; pageUrl: string }[] };
    expect(found.data.map((e) => e.id)).toEqual([rows.match.id]);
    const pageUrl = `${TEST_ORIGIN}/events/${rows.match.id}`;
    expect(found.data[0]!.pageUrl).toBe(pageUrl);
    expect(text(result)).toContain('Petit-déjeuner en ligne');
    expect(text(result)).toContain(pageUrl);
    // The link leads to the event's page on this hub.
    const page = await t.fetch(pageUrl.replace(TEST_ORIGIN, 'http://hub.test'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // The event's own wall clock: 13:00 UTC is 09:00 in Toronto in March (daylight time).
    expect(text(result)).toContain('09:00–10:30 (America/Toronto');
  });

  it('accepts the comma-separated lists the REST API accepts, and pages with the cursor', async () => {
    const first = await call('search_events', {
      chapter: rows.quebec.id,
      from: WINDOW.from,
      limit: 1,
    });
    const page = first.structuredContent as { data: { id: string }[]; nextCursor: string };
    expect(page.data.map((e) => e.id)).toEqual([rows.match.id]);
    expect(text(first)).toContain(page.nextCursor);
    const second = await call('search_events', {
      chapter: rows.quebec.id,
      from: WINDOW.from,
      limit: 1,
      cursor: page.nextCursor,
    });
    expect((second.structuredContent as { data: { id: string }[] }).data[0]?.id).toBe(
      rows.inEnglish.id,
    );
  });

  it('answers invalid filters with a tool error carrying the validation message', async () => {
    const backwards = await call('search_events', { from: WINDOW.to, to: WINDOW.from });
    expect(backwards.isError).toBe(true);
    expect(text(backwards)).toContain('`to` must be after `from`');

    const tooMany = await call('search_events', { limit: 500, attendanceMode: ['underwater'] });
    expect(tooMany.isError).toBe(true);
    expect(text(tooMany)).toMatch(/limit/);
    expect(text(tooMany)).toMatch(/attendanceMode/);

    const badCursor = await call('search_events', { cursor: 'bm90LWEtY3Vyc29y' });
    expect(badCursor.isError).toBe(true);
    expect(text(badCursor)).toContain('cursor');
  });

  it('gets one event, and answers an unknown id with a tool error', async () => {
    const found = await call('get_event', { eventId: rows.match.id });
    expect(found.isError).toBeFalsy();
    expect(found.structuredContent).toMatchObject({
      id: rows.match.id,
      title: { fr: 'Petit-déjeuner en ligne' },
      pageUrl: `${TEST_ORIGIN}/events/${rows.match.id}`,
    });

    const missing = await call('get_event', { eventId: 'no-such-event' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('No event with id "no-such-event"');
  });

  it('lists and gets chapters', async () => {
    const listed = await call('list_chapters', { country: ['CA'] });
    const chapters = (listed.structuredContent as { data: { id: string }[] }).data;
    expect(chapters.map((c) => c.id)).toEqual([rows.quebec.id]);
    expect(text(listed)).toContain('One Team Gov');

    const one = await call('get_chapter', { chapterId: rows.quebec.id });
    expect(one.structuredContent).toMatchObject({ id: rows.quebec.id, country: 'CA' });
    const missing = await call('get_chapter', { chapterId: 'atlantis' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('atlantis');
  });

  it('gives calendar links that the calendar feeds answer', async () => {
    const result = await call('calendar_links', {
      chapter: [rows.quebec.id],
      inLanguage: ['fr'],
      attendanceMode: ['online'],
    });
    const links = result.structuredContent as { url: string; webcalUrl: string };
    expect(links.url).toBe(
      `${TEST_ORIGIN}/v1/chapters/${rows.quebec.id}/events.ics?attendanceMode=online&inLanguage=fr`,
    );
    expect(links.webcalUrl).toBe(links.url.replace('https:', 'webcal:'));
    const feed = await t.fetch(links.url.replace(TEST_ORIGIN, 'http://hub.test'));
    expect(feed.status).toBe(200);
    const calendar = await feed.text();
    expect(calendar).toContain(`UID:${rows.match.id}@`);
    expect(calendar).not.toContain(rows.inEnglish.id);

    const all = await call('calendar_links', { lang: 'fr' });
    expect((all.structuredContent as { url: string }).url).toBe(
      `${TEST_ORIGIN}/v1/events.ics?lang=fr`,
    );
    const unknown = await call('calendar_links', { chapter: ['atlantis'] });
    expect(unknown.isError).toBe(true);
  });

  it('takes only POST and no query parameters at /mcp', async () => {
    const get = await t.fetch('http://hub.test/mcp', {
      headers: { Accept: 'text/event-stream' },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toContain('POST');
    const withQuery = await t.fetch('http://hub.test/mcp?debug=1', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });
    expect(withQuery.status).toBe(400);
  });

  it('lets browser-based assistants POST to /mcp across origins, and nothing else', async () => {
    const preflight = (path: string, method: string) =>
      t.fetch(`http://hub.test${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://assistant.example',
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'content-type, mcp-protocol-version',
        },
      });
    const mcp = await preflight('/mcp', 'POST');
    expect(mcp.status).toBe(204);
    expect(mcp.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
    expect(mcp.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'mcp-protocol-version',
    );
    const events = await preflight('/v1/chapters/x/events', 'POST');
    expect(events.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
  });
});

describe.each(testDatabases())('MCP rate limits on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.close());

  it('spends the same anonymous budget as the REST API, and is refused once it is gone', async () => {
    const rateLimits = new RateLimits({
      ...DEFAULT_RATE_POLICIES,
      anonymous: { points: 4, windowSeconds: 600 },
    });
    const t = createTestApp(database, { rateLimits });
    const caller = { 'x-test-client': '198.51.100.7' };
    // Two REST reads, then initialize and its notification: the budget of four is spent.
    for (let i = 0; i < 2; i += 1) {
      expect((await t.fetch('http://hub.test/v1/principles', { headers: caller })).status).toBe(
        200,
      );
    }
    const client = await connect(t, caller);
    await expect(client.listTools()).rejects.toThrow(/429/);
    const refused = await t.fetch('http://hub.test/mcp', {
      method: 'POST',
      headers: {
        ...caller,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // Another address still has its own budget.
    const other = await connect(t, { 'x-test-client': '198.51.100.8' });
    expect((await other.listTools()).tools.length).toBe(5);
    await Promise.all([client.close(), other.close()]);
  });
});
