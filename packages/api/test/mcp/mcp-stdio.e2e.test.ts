import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { MAIN } from '../e2e/spawn-server.js';
import { migrationsFolder, testDatabases } from '../helpers/databases.js';
import { seedMcpRows, WINDOW } from './mcp-rows.js';

const PUBLIC_URL = 'https://hub.example.org';

interface Backend {
  name: string;
  /** Seeds the test's rows and answers the environment that points `otg-hub mcp` at them. */
  prepare(): Promise<{
    env: Record<string, string>;
    rows: Awaited<ReturnType<typeof seedMcpRows>>;
    /** Opens the database again once the command has exited (the data directory must be free). */
    reopen: () => Promise<void>;
    cleanUp: () => Promise<void>;
  }>;
}

/** An embedded data directory (the desktop set-up), and PostgreSQL when TEST_DATABASE_URL is set. */
function backends(): Backend[] {
  const list: Backend[] = [
    {
      name: 'pglite',
      prepare: async () => {
        const dataDir = join(mkdtempSync(join(tmpdir(), 'otg-mcp-')), 'pglite');
        const database = await openDatabase({ dataDir, migrationsFolder });
        await database.migrate();
        const rows = await seedMcpRows(database.db);
        // One process at a time holds a data directory: let go before the command opens it.
        await database.close();
        return {
          env: { DATA_DIR: dataDir, DATABASE_URL: '' },
          rows,
          reopen: async () => {
            const again = await openDatabase({ dataDir, migrationsFolder });
            await again.close();
          },
          cleanUp: async () => rmSync(join(dataDir, '..'), { recursive: true, force: true }),
        };
      },
    },
  ];
  const postgres = testDatabases().find((backend) => backend.name === 'postgres');
  if (postgres) {
    list.push({
      name: 'postgres',
      prepare: async () => {
        const database = await postgres.open();
        const rows = await seedMcpRows(database.db);
        return {
          env: { DATABASE_URL: database.url! },
          rows,
          reopen: async () => {},
          cleanUp: () => database.close(),
        };
      },
    });
  }
  return list;
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

// Each run starts a process that opens and migrates its database: generous caps for a busy machine.
describe.each(backends())('otg-hub mcp over stdio on $name', { timeout: 180_000 }, (backend) => {
  let client: Client;
  let transport: StdioClientTransport;
  let prepared: Awaited<ReturnType<Backend['prepare']>>;
  let stderr = '';

  beforeAll(async () => {
    prepared = await backend.prepare();
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [MAIN, 'mcp'],
      env: {
        ...(process.env as Record<string, string>),
        PUBLIC_URL,
        LOG_LEVEL: 'info',
        ...prepared.env,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: 'desktop-assistant-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    await prepared?.cleanUp();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('names itself and lists the five tools with their schemas', async () => {
    expect(client.getServerVersion()?.name).toBe('oneteamgov-hub');
    expect(client.getInstructions()).toContain('search_events');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'calendar_links',
      'get_chapter',
      'get_event',
      'list_chapters',
      'search_events',
    ]);
    const search = tools.find((tool) => tool.name === 'search_events')!;
    expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['chapter', 'from', 'to', 'attendanceMode', 'inLanguage', 'q']),
    );
  });

  it('answers "online, in French, in this window" from the database, with page URLs', async () => {
    const result = await call('search_events', {
      ...WINDOW,
      attendanceMode: ['online'],
      inLanguage: ['fr'],
    });
    const { data } = result.structuredContent as { data: { id: string; pageUrl: string }[] };
    expect(data.map((e) => e.id)).toEqual([prepared.rows.match.id]);
    expect(data[0]!.pageUrl).toBe(`${PUBLIC_URL}/events/${prepared.rows.match.id}`);
    expect(text(result)).toContain(`${PUBLIC_URL}/events/${prepared.rows.match.id}`);
  });

  it('answers bad input and unknown ids with tool errors, and keeps serving', async () => {
    const invalid = await call('search_events', { inLanguage: ['not a language'] });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toContain('inLanguage');
    const missing = await call('get_event', { eventId: 'no-such-event' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('No event with id "no-such-event"');
    const chapter = await call('get_chapter', { chapterId: prepared.rows.quebec.id });
    expect(chapter.isError).toBeFalsy();
  });

  it('logs to stderr only, and lets go of its database when the assistant quits', async () => {
    expect(stderr).toContain('MCP server ready on stdio');
    await client.close();
    await prepared.reopen();
  });
});
