import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoData } from '../helpers/demo-data-dir.js';
import { startFeedServer } from '../helpers/feed-server.js';
import { MAIN, runCli, startServerProcess } from './spawn-server.js';

/** The doctor's line for one check: its status and detail. */
function line(output: string, name: string): string {
  const found = output.split('\n').find((l) => new RegExp(`^(OK|WARN|FAIL)\\s+${name}\\s`).test(l));
  if (!found) throw new Error(`no "${name}" line in:\n${output}`);
  return found;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('otg-hub doctor', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'otg-doctor-'));
  const env = { DATA_DIR: join(dir, 'pglite'), LOG_LEVEL: 'warn' };
  beforeAll(() => withDemoData(env.DATA_DIR));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on a seeded hub whose sources answer, and fails (exit 1) on one that does not', async () => {
    const feed = await startFeedServer();
    try {
      feed.set((_req, res) =>
        res
          .writeHead(200, { 'Content-Type': 'text/calendar' })
          .end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
      );
      const add = (id: string, url: string) =>
        runCli(
          ['sources', 'add', '--id', id, '--chapter', 'wales', '--kind', 'ics', '--url', url],
          env,
        );
      expect((await add('answering', `${feed.url}/secret-token/cal.ics`)).code).toBe(0);

      const healthy = await runCli(['doctor'], { ...env, SYNC_ALLOW_HOSTS: '127.0.0.1' });
      expect(healthy.code).toBe(0);
      expect(line(healthy.output, 'configuration')).toMatch(/^OK/);
      expect(line(healthy.output, 'database')).toMatch(/^OK\s+database\s+pglite answers/);
      expect(line(healthy.output, 'migrations')).toMatch(/^OK\s+migrations\s+all \d+ applied/);
      expect(line(healthy.output, 'redis')).toMatch(/^OK/);
      expect(line(healthy.output, 'allow-list')).toMatch(/^OK.*127\.0\.0\.1/);
      expect(line(healthy.output, 'source answering')).toMatch(/^OK.*answers HTTP 200/);
      // A feed URL may carry a token: only its host is shown.
      expect(healthy.output).not.toContain('secret-token');

      // Without the allow-list entry the same loopback feed is refused, as the sync would refuse it.
      const refused = await runCli(['doctor'], env);
      expect(refused.code).toBe(1);
      expect(line(refused.output, 'source answering')).toMatch(/^FAIL.*forbidden-address/);

      expect((await add('dead', `http://127.0.0.1:${await closedPort()}/cal.ics`)).code).toBe(0);
      const failing = await runCli(['doctor'], { ...env, SYNC_ALLOW_HOSTS: '127.0.0.1' });
      expect(failing.code).toBe(1);
      expect(line(failing.output, 'source dead')).toMatch(/^FAIL.*connect/);
      expect(failing.output).toMatch(/^1 failed/m);
    } finally {
      await feed.close();
    }
  });

  it('fails on an invalid setting, an unreachable database or Redis, naming the setting', async () => {
    const invalid = await runCli(['doctor'], { ...env, PORT: 'eighty' });
    expect(invalid.code).toBe(1);
    expect(line(invalid.output, 'configuration')).toMatch(/^FAIL/);
    expect(invalid.output).toContain('PORT:');

    const port = await closedPort();
    const unreachable = await runCli(['doctor'], {
      ...env,
      DATABASE_URL: `postgres://hub:s3cret@127.0.0.1:${port}/hub`,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(unreachable.code).toBe(1);
    const database = line(unreachable.output, 'database');
    expect(database).toMatch(/^FAIL/);
    expect(database).toContain(
      `cannot reach DATABASE_URL=postgres://hub:***@127.0.0.1:${port}/hub: nothing is listening`,
    );
    expect(line(unreachable.output, 'redis')).toMatch(
      /^FAIL.*REDIS_URL=redis:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/,
    );
    expect(unreachable.output).not.toContain('s3cret');
  });

  it('warns about an allow-list that switches SSRF protection off', async () => {
    const broad = await runCli(['doctor'], {
      ...env,
      OUTBOUND_ALLOW_HOSTS: '0.0.0.0/0,169.254.0.0/16',
    });
    expect(line(broad.output, 'allow-list')).toMatch(
      /^WARN.*0\.0\.0\.0\/0 \(wider than a \/8\).*169\.254\.0\.0\/16 \(includes the cloud metadata address/,
    );
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'checks PostgreSQL reachability and migrations',
    async () => {
      const run = await runCli(['doctor'], {
        LOG_LEVEL: 'warn',
        DATABASE_URL: process.env.TEST_DATABASE_URL!,
      });
      expect(line(run.output, 'database')).toMatch(/^OK\s+database\s+postgres answers/);
      expect(line(run.output, 'migrations')).toMatch(/^(OK|WARN)\s+migrations/);
    },
  );
});

describe('otg-hub healthcheck', { timeout: 180_000 }, () => {
  it('passes while the API answers /healthz on PORT, and fails once it is gone', async () => {
    const server = await startServerProcess();
    const port = new URL(server.baseUrl).port;
    const env = { HOST: '127.0.0.1', PORT: port, LOG_LEVEL: 'warn' };
    expect((await runCli(['healthcheck'], env)).code).toBe(0);
    await server.stop();
    const gone = await runCli(['healthcheck'], env);
    expect(gone.code).toBe(1);
    expect(gone.output).toContain('/healthz did not answer');
  });
});

describe('otg-hub healthcheck --worker', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'otg-heartbeat-'));
  let worker: ChildProcess | undefined;
  afterAll(() => {
    worker?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes while a worker beats, and fails without one', async () => {
    const heartbeat = join(dir, 'worker.heartbeat');
    const env = { DATA_DIR: join(dir, 'pglite'), LOG_LEVEL: 'warn' };
    await withDemoData(env.DATA_DIR);
    const missing = await runCli(['healthcheck', '--worker', '--heartbeat', heartbeat], env);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('no worker heartbeat');

    worker = spawn(process.execPath, [MAIN, 'worker', '--heartbeat', heartbeat], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    // Readiness: the worker writes its first beat once its database is open.
    while (!existsSync(heartbeat)) {
      expect(worker.exitCode).toBeNull();
      await sleep(100);
    }
    const alive = await runCli(['healthcheck', '--worker', '--heartbeat', heartbeat], env);
    expect(alive.code).toBe(0);
    // A beat older than the limit counts as a stalled worker.
    const stale = await runCli(
      ['healthcheck', '--worker', '--heartbeat', heartbeat, '--max-age=0'],
      env,
    );
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(/heartbeat .* s old/);
  });
});
