import { type ChildProcess, spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sources, syncRuns } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { MAIN, runCli } from '../e2e/spawn-server.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

/**
 * A real `otg-hub` process killed with SIGKILL in the middle of a sync, on
 * PostgreSQL. The promise: the run it left behind shows as `interrupted`, and
 * the source is claimed again once the (short, renewed) lease lapses. The lease
 * is two seconds here (SYNC_LEASE_SECONDS) so the test waits little; every wait
 * is on a condition, never on a clock.
 */
const postgres = testDatabases().find((d) => d.name === 'postgres');

interface SourceDetailJson {
  status: string;
  consecutiveFailures: number;
  recentRuns: { id: string; outcome: string; error: string | null }[];
}

describe.skipIf(!postgres)('a sync killed with SIGKILL, on PostgreSQL', () => {
  let database: TestDb;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let chapterId: string;
  const children: ChildProcess[] = [];
  const held: ServerResponse[] = [];
  const start = new Date(Date.now() + 7 * 86_400_000);
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await postgres!.open();
    feed = await startFeedServer();
    chapterId = (await createChapter(database.db)).id;
    env = {
      DATABASE_URL: database.url!,
      SYNC_ALLOW_HOSTS: '127.0.0.1',
      SYNC_LEASE_SECONDS: '2',
      SYNC_POLL_SECONDS: '1',
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const res of held) res.destroy();
    await feed?.close();
    await database?.close();
  });

  /** The feed answers with headers and half a calendar, then says nothing more. */
  const stallFeed = () =>
    feed.set((_req, res) => {
      held.push(res);
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
    });
  const newSource = async () => {
    const id = uniqueId('killed');
    await upsertSource(testCtx(database.db), {
      id,
      chapterId,
      kind: 'ics',
      url: `${feed.url}/${id}.ics`,
    });
    return id;
  };
  const runsOf = (id: string) =>
    database.db.select().from(syncRuns).where(eq(syncRuns.sourceId, id));
  const spawnHub = (args: string[]) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  /** Kills the process once its run is under way: the feed is answering it, the run is recorded. */
  const killMidRun = async (child: ChildProcess, id: string) => {
    const heldBefore = held.length;
    await until(async () => held.length > heldBefore && (await runsOf(id)).length > 0);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const runs = await runsOf(id);
    expect(runs.map((r) => r.outcome)).toEqual(['running']);
    return runs[0]!.id;
  };

  it('`sources sync`: the killed run shows as interrupted and the next sync claims the source', async () => {
    const id = await newSource();
    stallFeed();
    const killedRun = await killMidRun(spawnHub(['sources', 'sync', id]), id);

    feed.serveCalendar(calendar([{ uid: 'a', title: 'Synced after the kill', start }]));
    // Refused while the dead process's lease lasts ("another worker is syncing"), then claimed.
    let synced = await runCli(['sources', 'sync', id], env);
    while (synced.code !== 0) {
      expect(synced.output).toContain('another worker is syncing it right now');
      synced = await runCli(['sources', 'sync', id], env);
    }
    expect(firstJson(synced.output)).toMatchObject({ outcome: 'success' });

    const shown = await runCli(['sources', 'show', id], env);
    const detail = firstJson(shown.output) as SourceDetailJson;
    expect(detail).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(detail.recentRuns.map((r) => r.outcome)).toEqual(['success', 'interrupted']);
    expect(detail.recentRuns[1]).toMatchObject({ id: killedRun });
    expect(detail.recentRuns[1]?.error).toMatch(/^interrupted: /);
  }, 120_000);

  it('`worker`: another worker settles the killed run and releases the source', async () => {
    const id = await newSource();
    stallFeed();
    const killedRun = await killMidRun(spawnHub(['worker']), id);

    const next = spawnHub(['worker']);
    await until(async () => (await runsOf(id))[0]?.outcome === 'interrupted');
    const [source] = await database.db.select().from(sources).where(eq(sources.id, id));
    // An interrupted run counts as a failed attempt, so a feed that kills its
    // worker every time is retried with back-off, not in a tight loop.
    expect(source).toMatchObject({ status: 'failing', consecutiveFailures: 1 });
    expect(source!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    await until(async () => {
      const [row] = await database.db.select().from(sources).where(eq(sources.id, id));
      return row?.leaseOwner === null;
    });
    expect((await runsOf(id)).map((r) => [r.id, r.outcome])).toEqual([[killedRun, 'interrupted']]);
    const exited = new Promise((resolve) => next.once('exit', resolve));
    next.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The JSON a CLI command printed (pretty-printed, so it spans from `{` to a closing `}` line). */
function firstJson(output: string): unknown {
  const from = output.indexOf('{\n');
  const to = output.indexOf('\n}', from);
  return JSON.parse(output.slice(from, to + 2));
}
