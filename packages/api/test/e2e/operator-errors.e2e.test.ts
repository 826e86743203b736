import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoData } from '../helpers/demo-data-dir.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { MAIN, runCli } from './spawn-server.js';

/** A stack trace line, which an operator must never have to read. */
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|node:internal|Emitted 'error' event/m;

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const { server, port } = await listening();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('operators get one clear sentence, no stack', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'otg-operator-'));
  const env = { DATA_DIR: join(dir, 'pglite'), LOG_LEVEL: 'warn' };
  beforeAll(() => withDemoData(env.DATA_DIR));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the port when it is already in use', async () => {
    const taken = await listening();
    try {
      const run = await runCli(['serve'], {
        ...env,
        HOST: '127.0.0.1',
        PORT: String(taken.port),
      });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`Port ${taken.port} on 127.0.0.1 is already in use`);
      expect(run.output).toContain('set PORT');
      expect(run.output).not.toMatch(STACK);
    } finally {
      taken.server.close();
    }
  });

  it('names HOST when it does not resolve or is not an address of this machine', async () => {
    const unresolvable = await runCli(['serve'], {
      ...env,
      HOST: 'no-such-host.invalid',
      PORT: '0',
    });
    expect(unresolvable.code).toBe(1);
    expect(unresolvable.output).toContain('HOST=no-such-host.invalid does not resolve');
    expect(unresolvable.output).not.toMatch(STACK);

    // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
    const foreign = await runCli(['serve'], { ...env, HOST: '192.0.2.1', PORT: '0' });
    expect(foreign.code).toBe(1);
    expect(foreign.output).toContain('HOST=192.0.2.1 is not an address of this machine');
    expect(foreign.output).not.toMatch(STACK);
  });

  it('names DATABASE_URL, without its password, when the database cannot be reached', async () => {
    const port = await closedPort();
    const url = `postgres://hub:s3cret-password@127.0.0.1:${port}/hub`;
    for (const command of ['migrate', 'serve']) {
      const run = await runCli([command], { ...env, DATABASE_URL: url, PORT: '0' });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`DATABASE_URL=postgres://hub:***@127.0.0.1:${port}/hub`);
      expect(run.output).toContain('nothing is listening');
      expect(run.output).not.toContain('s3cret-password');
      expect(run.output).not.toMatch(STACK);
    }
  });

  it('names each missing flag and exits 2 before touching the database', async () => {
    const key = await runCli(['keys', 'create'], env);
    expect(key.code).toBe(2);
    expect(key.output).toContain('keys create: missing required --name, --admin or --grant');

    const source = await runCli(['sources', 'add', '--id', 'x', '--kind', 'ics'], env);
    expect(source.code).toBe(2);
    expect(source.output).toContain('sources add: missing required --chapter, --url');

    const sync = await runCli(['sources', 'sync'], env);
    expect(sync.code).toBe(2);
    expect(sync.output).toContain('sources sync: missing ID');

    const members = await runCli(['members', 'import', '--chapter', 'wales'], env);
    expect(members.code).toBe(2);
    expect(members.output).toContain('members import: missing --file');

    const unknown = await runCli(['sources', 'list', '--chpater', 'wales'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("Unknown option '--chpater'");
    for (const run of [key, source, sync, members, unknown]) expect(run.output).not.toMatch(STACK);
  });
});

describe('long CLI work ends with a summary of what was skipped and why', {
  timeout: 240_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'otg-summary-'));
  const env = { DATA_DIR: join(dir, 'pglite'), LOG_LEVEL: 'warn', SYNC_ALLOW_HOSTS: '127.0.0.1' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => withDemoData(env.DATA_DIR));

  it('seed shows progress on a terminal and says what it loaded; a second run, what it skipped', async () => {
    const terminal = mkdtempSync(join(tmpdir(), 'otg-tty-'));
    const fresh = { DATA_DIR: join(terminal, 'pglite'), LOG_LEVEL: 'warn' };
    try {
      // `script` gives the command a pseudo-terminal, as an operator's shell would.
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} seed`;
      const { CI: _ci, ...withoutCi } = process.env;
      const output = await new Promise<string>((resolve) => {
        const child = spawn('script', ['-qec', command, '/dev/null'], {
          env: { ...withoutCi, ...fresh },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c.toString()));
        child.stderr.on('data', (c: Buffer) => (text += c.toString()));
        child.once('exit', () => resolve(text));
      });
      expect(output).toContain('loading the demo chapters and events');
      expect(output).toContain('\u001b[');
      expect(output).toMatch(/demo data: \d+ chapters and \d+ events loaded/);

      const again = await runCli(['seed'], fresh);
      expect(again.code).toBe(0);
      expect(again.output).toContain('skipped: demo events are already present');
      // Not a terminal: no spinner, no escape sequences in a log (a loading run's log is
      // checked by the PostgreSQL end-to-end test in server.e2e.test.ts).
      expect(again.output).not.toContain('\u001b[');
    } finally {
      rmSync(terminal, { recursive: true, force: true });
    }
  });

  it('sources sync reports the import window and rejections grouped by reason, and caps its heap growth', async () => {
    const feed = await startFeedServer();
    try {
      const now = Date.now();
      feed.serveCalendar(
        calendar([
          { uid: 'soon', title: 'Next month', start: new Date(now + 30 * 86_400_000) },
          { uid: 'old', title: 'Long ago', start: new Date('2001-05-01T18:00:00Z') },
        ]).replace(
          'END:VCALENDAR',
          'BEGIN:VEVENT\r\nSUMMARY:No UID or start\r\nEND:VEVENT\r\nEND:VCALENDAR',
        ),
      );
      const add = await runCli(
        [
          'sources',
          'add',
          '--id',
          'summary-feed',
          '--chapter',
          'wales',
          '--kind',
          'ics',
          '--url',
          `${feed.url}/cal.ics`,
        ],
        env,
      );
      expect(add.code).toBe(0);
      const sync = await runCli(['sources', 'sync', 'summary-feed'], {
        ...env,
        LOG_LEVEL: 'debug',
      });
      expect(sync.code).toBe(0);
      expect(sync.output).toContain('summary-feed: success (HTTP 200)');
      // A syncing process caps its heap growth (SYNC_HEAP_GROWTH_PERCENT, 25 by default).
      expect(sync.output).toMatch(/"flag":"--heap-growing-percent=25".*heap growth limited/);
      expect(sync.output).toMatch(/created 1\b/);
      expect(sync.output).toMatch(
        /skipped: events outside the import window \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(30 days back, 400 ahead\)/,
      );
      expect(sync.output).toMatch(/skipped: 1 rejected, by reason:\n\s+1 × /);
    } finally {
      await feed.close();
    }
  });

  it('members import counts who was added and who was skipped, and why', async () => {
    const file = join(dir, 'members.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'Ada Example', email: 'ada@example.org' },
        { name: 'Ada Again', email: 'ADA@example.org' },
        { name: 'Bo Example', email: 'bo@example.org' },
        { name: 'No Address' },
      ]),
    );
    const first = await runCli(['members', 'import', '--chapter', 'wales', '--file', file], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.output.slice(0, first.output.indexOf('}') + 1))).toMatchObject({
      created: 2,
      skippedInvalid: 1,
    });
    expect(first.output).toContain('wales: 2 members added');
    expect(first.output).toMatch(/skipped: 1 invalid rows:\n\s+row 4: email/);
    const again = await runCli(['members', 'import', '--chapter', 'wales', '--file', file], env);
    expect(again.output).toContain('wales: 0 members added');
    expect(again.output).toContain('skipped: 3 already members');
  });
});
