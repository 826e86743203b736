import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoData } from '../helpers/demo-data-dir.js';
import { runCli, startServerProcess } from './spawn-server.js';

// Each command is a process that opens and migrates the embedded database: on a busy
// machine a few of them in a row take far longer than one request, so the cap is generous.
describe('operator commands for sources', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'otg-cli-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  beforeAll(() => withDemoData(dataDir));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds, shows, lists and removes a source, and every command exits', async () => {
    const add = await runCli(
      [
        'sources',
        'add',
        '--id',
        'wales-calendar',
        '--chapter',
        'wales',
        '--kind',
        'ics',
        '--url',
        'https://calendar.example.org/secret-token/basic.ics',
      ],
      env,
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.output)).toMatchObject({
      id: 'wales-calendar',
      kind: 'ics',
      endpoint: 'https://calendar.example.org',
    });
    expect(add.output).not.toContain('secret-token');
    const list = await runCli(['sources', 'list', '--chapter', 'wales'], env);
    expect(JSON.parse(list.output).map((s: { id: string }) => s.id)).toEqual(['wales-calendar']);
    expect((await runCli(['sources', 'remove', 'wales-calendar'], env)).code).toBe(0);
    expect(JSON.parse((await runCli(['sources', 'list'], env)).output)).toEqual([]);
  });

  it('refuses bad input with a message and a non-zero exit', async () => {
    const bad = await runCli(
      [
        'sources',
        'add',
        '--id',
        'x',
        '--chapter',
        'wales',
        '--kind',
        'ftp',
        '--url',
        'ftp://example.org',
      ],
      env,
    );
    expect(bad.code).toBe(2);
    const unknown = await runCli(
      [
        'sources',
        'add',
        '--id',
        'x',
        '--chapter',
        'atlantis',
        '--kind',
        'ics',
        '--url',
        'https://example.org/a.ics',
      ],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/atlantis/);
  });

  it('declares sources from SOURCES_FILE at start and shows them through the API', async () => {
    const file = join(dataDir, 'sources.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'north-feed',
          chapterId: 'north',
          kind: 'ics',
          url: 'https://example.org/north.ics',
          intervalMinutes: 30,
        },
      ]),
    );
    const server = await startServerProcess({ SOURCES_FILE: file, SYNC_POLL_SECONDS: '3600' });
    try {
      const hub = createClient({ baseUrl: server.baseUrl });
      const sources = await hub.GET('/v1/sources', { params: { query: { chapter: 'north' } } });
      expect(sources.data).toEqual([
        expect.objectContaining({
          id: 'north-feed',
          intervalMinutes: 30,
          endpoint: 'https://example.org',
        }),
      ]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
