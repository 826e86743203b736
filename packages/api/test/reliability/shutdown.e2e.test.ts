import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, runCli, startServerProcess } from '../e2e/spawn-server.js';
import { withDemoData } from '../helpers/demo-data-dir.js';
import { createScratchDatabase } from '../helpers/scratch-postgres.js';

/**
 * A deploy sends SIGTERM to a process that is in the middle of answering
 * requests. Each request here is held in flight by its own client: the headers
 * are sent, half the body is sent, and the rest only after the server has been
 * told to stop. Every one of them must still get its answer, and the process
 * must then exit 0.
 */
const IN_FLIGHT = 20;

interface Backend {
  name: string;
  env(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'pglite',
    env: async () => {
      const root = mkdtempSync(join(tmpdir(), 'otg-drain-'));
      await withDemoData(join(root, 'pglite'));
      return {
        env: { DATA_DIR: join(root, 'pglite') },
        cleanup: async () => rmSync(root, { recursive: true, force: true }),
      };
    },
  },
];
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  backends.push({
    name: 'postgres',
    env: async () => {
      const scratch = await createScratchDatabase(adminUrl, 'otg_drain');
      return { env: { DATABASE_URL: scratch.url }, cleanup: scratch.drop };
    },
  });
}

describe.each(backends)('SIGTERM with requests in flight on $name', (backend) => {
  let server: RunningServer;
  let secret: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const prepared = await backend.env();
    cleanup = prepared.cleanup;
    const env = { ...prepared.env, SHUTDOWN_GRACE_MS: '60000', WORKER: 'inline' };
    const created = await runCli(['keys', 'create', '--name', 'Drain test', '--admin'], env);
    expect(created.code, created.output).toBe(0);
    secret = JSON.parse(created.output.slice(0, created.output.lastIndexOf('}') + 1)).secret;
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await cleanup?.();
  });

  it('answers every request in flight, refuses new connections, and exits 0', async () => {
    const url = new URL(`${server.baseUrl}/v1/chapters/drain-test/events`);
    const body = Buffer.from(
      JSON.stringify({
        title: { en: 'Published while the server drains' },
        startsAt: '2031-05-01T09:00:00Z',
        endsAt: '2031-05-01T10:00:00Z',
        timeZone: 'Europe/London',
        attendanceMode: 'online',
        onlineUrl: 'https://meet.example.org/drain',
      }),
    );
    const half = Math.floor(body.length / 2);
    const exited = new Promise<number | null>((resolve) =>
      server.process.once('exit', (code) => resolve(code)),
    );

    const uploads: { req: ClientRequest; answer: Promise<{ status: number; body: string }> }[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) {
      const req = request(url, {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${secret}`,
          'content-type': 'application/json',
          'content-length': String(body.length),
        },
      });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        });
        req.on('error', reject);
      });
      await new Promise<void>((resolve) => req.write(body.subarray(0, half), () => resolve()));
      uploads.push({ req, answer });
    }
    // One full round trip after the last half-body was written: the server has read them all.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);

    server.process.kill('SIGTERM');
    // Draining means no new connections: wait until the listener is gone.
    await until(async () => {
      try {
        await fetch(`${server.baseUrl}/healthz`);
        return false;
      } catch {
        return true;
      }
    });

    for (const upload of uploads) upload.req.end(body.subarray(half));
    const answers = await Promise.all(uploads.map((u) => u.answer));
    for (const answer of answers) {
      // An answer from the application (the chapter does not exist): a whole response, not a reset.
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'not_found' });
    }
    expect(await exited).toBe(0);
    const drained = server.logs
      .map((line) => {
        try {
          return JSON.parse(line) as { msg?: string; dropped?: number; inFlight?: number };
        } catch {
          return {};
        }
      })
      .find((entry) => entry.msg === 'drained');
    expect(drained).toMatchObject({ dropped: 0 });
    expect(drained?.inFlight).toBeGreaterThanOrEqual(IN_FLIGHT);
  });
});

/** Polls until the check passes (the test's own timeout bounds the wait). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}
