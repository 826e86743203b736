import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own (Debian's pg_createcluster, on a free
 * port, trust authentication on localhost), so a test may stop and restart it
 * without disturbing the shared server other suites use. Needs root, as in CI.
 */
export interface PrivateCluster {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  drop(): Promise<void>;
}

export function privateClustersAvailable(): boolean {
  return (
    existsSync('/usr/bin/pg_createcluster') &&
    installedVersion() !== undefined &&
    process.getuid?.() === 0
  );
}

function installedVersion(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  return readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

export async function createPrivateCluster(): Promise<PrivateCluster> {
  const version = installedVersion();
  if (!version) throw new Error('PostgreSQL server binaries are not installed');
  const name = `otg_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  await run('pg_createcluster', [version, name, '-p', String(port), '--', '--auth=trust']);
  const ctl = (...args: string[]) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args]);
  await ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // pg_ctl waits until the server is down, and until it accepts connections again.
    stop: async () => void (await ctl('stop', '-m', 'fast')),
    start: async () => void (await ctl('start')),
    drop: async () => void (await run('pg_dropcluster', ['--stop', version, name])),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
