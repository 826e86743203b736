import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  process: ChildProcess;
  logs: string[];
  /** Sends SIGTERM and resolves with the exit code once the process has ended. */
  stop(): Promise<number | null>;
}

/**
 * Starts the built server (dist/main.js) as a real process on a free port and
 * resolves once it logs that it is listening. Without DATA_DIR or DATABASE_URL
 * it gets an embedded database of its own: a copy of one already holding the
 * demo data, or with `fresh` an empty directory, as on a first quick start.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  options: { fresh?: boolean } = {},
): Promise<RunningServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the API first (pnpm build)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'otg-e2e-'));
  // A nested directory that does not exist yet, like the quick start's `.data/pglite`.
  const ownDataDir = join(dataDir, 'fresh', 'pglite');
  if (!env.DATA_DIR && !env.DATABASE_URL && !options.fresh) {
    const { withDemoData } = await import('../helpers/demo-data-dir.js');
    await withDemoData(ownDataDir);
  }
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: ownDataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'listening' && entry.port) resolve(entry.port);
        } catch {}
        newline = buffer.indexOf('\n');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`)),
    );
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    logs,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs a CLI command of the built server to completion. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
