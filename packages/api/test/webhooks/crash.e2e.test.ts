import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, outbox, webhookDeliveries } from '../../src/db/schema/index.js';
import { createDeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createTestKey } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { onlineEvent } from '../security/operation-requests.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** Runs the child script; resolves with its stdout lines as they come and its exit. */
function child(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  proc.stdout.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const line = async () => {
    while (lines.length === 0) await new Promise<void>((r) => waiters.push(r));
    return lines.shift()!;
  };
  return { proc, line, exited };
}

// Killing a process that holds an embedded database would corrupt it, so these run on PostgreSQL.
// Without TEST_DATABASE_URL the suite is reported as skipped (a file with no suite fails the run).
const postgres = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('crashes, on postgres', () => {
  let database: TestDb;

  beforeAll(async () => {
    database = await postgres!.open();
  });
  afterAll(() => database?.close());

  it('keeps the event, its audit entry and its outbox row when the process dies right after commit', async () => {
    const chapter = await createChapter(database.db);
    const run = child(['commit-then-die', database.url!, chapter.id]);
    const eventId = await run.line();
    const [, signal] = await run.exited;
    expect(signal).toBe('SIGKILL');
    expect(await database.db.select().from(events).where(eq(events.id, eventId))).toHaveLength(1);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, eventId));
    expect(audit.map((a) => [a.action, a.requestId])).toEqual([['event.create', 'req_crash']]);
    const messages = await database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.payload}->'data'->>'id' = ${eventId}`);
    expect(messages.map((m) => m.type)).toEqual(['event.created']);
  });

  it('delivers after a restart what a worker was sending when it was killed', async () => {
    let kill: (() => void) | undefined;
    const receiver = await startReceiver((_, index) => {
      // The first attempt never gets an answer: its worker dies while waiting.
      if (index === 0) kill?.();
      return { status: 200 };
    });
    const t = createTestApp(database);
    const admin = (await createTestKey(database.db, [adminGrant])).secret;
    const chapter = await createChapter(database.db);
    const authorised = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    await t.fetch('http://hub.test/v1/webhooks', {
      method: 'POST',
      headers: authorised,
      body: JSON.stringify({
        url: receiver.url,
        events: ['event.created'],
        chapters: [chapter.id],
      }),
    });
    const run = child(['deliver', database.url!, chapter.id]);
    kill = () => run.proc.kill('SIGKILL');
    expect(await run.line()).toBe('started');
    await t.fetch(`http://hub.test/v1/chapters/${chapter.id}/events`, {
      method: 'POST',
      headers: authorised,
      body: JSON.stringify(onlineEvent('Sent while the worker died')),
    });
    await run.exited;
    // The dead worker's lease would run out on its own; end it now rather than wait a minute.
    await database.db
      .update(webhookDeliveries)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookDeliveries.status, 'pending'));
    const restarted = createDeliveryWorker(database, pino({ level: 'silent' }), {
      pollMs: 60_000,
      policy: {
        allowList: ['127.0.0.1'],
        timeoutMs: 10_000,
        maxResponseBytes: 65_536,
        userAgent: 'test',
      },
    });
    await restarted.runOnce();
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    const [delivery] = await database.db.select().from(webhookDeliveries);
    expect(delivery?.status).toBe('succeeded');
    await receiver.close();
  });
});
