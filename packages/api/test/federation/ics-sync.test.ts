import { and, eq, isNull, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/rows-of.js';
import { events, sources } from '../../src/db/schema/index.js';
import { selectEvents } from '../../src/services/events/select-events.js';
import { toEvent } from '../../src/services/events/to-event.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import type { SyncDeps } from '../../src/sync/run-sync.js';
import { createWorker } from '../../src/sync/worker.js';
import { testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter, createEvent, uniqueId } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

const DAY = 86_400_000;
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);
const five = () =>
  Array.from({ length: 6 }, (_, i) => ({
    uid: `evt-${i}@test`,
    title: `Meetup ${i}`,
    start: soon(i + 1),
  }));

describe.each(testDatabases())('iCalendar sync safety on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let worker: ReturnType<typeof createWorker>;
  let chapter: { id: string };
  let sourceId: string;

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    const deps: SyncDeps = {
      db: database.db,
      logger: pino({ level: 'silent' }),
      selfOrigin: 'https://hub.test.example',
      now: () => new Date(),
      fetchPolicy: defaultFetchPolicy({
        allowList: ['127.0.0.1'],
        userAgent: 'test',
        headerTimeoutMs: 1000,
        totalTimeoutMs: 3000,
        maxBytes: 200_000,
      }),
      parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
    };
    worker = createWorker(deps, { pollMs: 60_000, leaseMs: 60_000 });
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  beforeEach(async () => {
    chapter = await createChapter(database.db);
    sourceId = uniqueId('ics');
    await upsertSource(testCtx(database.db), {
      id: sourceId,
      chapterId: chapter.id,
      kind: 'ics',
      url: `${feed.url}/${sourceId}.ics`,
    });
    feed.serveCalendar(calendar(five()));
    const first = await worker.syncNow(sourceId);
    expect(first?.outcome).toBe('success');
    expect(first?.counts).toMatchObject({ created: 6, rejected: 0 });
  });

  /** Every column of every event of the chapter, to prove "nothing changed". */
  const snapshot = () =>
    database.db.select().from(events).where(eq(events.chapterId, chapter.id)).orderBy(events.id);
  const live = async () =>
    (
      await database.db
        .select({ title: events.title })
        .from(events)
        .where(and(eq(events.chapterId, chapter.id), isNull(events.deletedAt)))
    ).length;

  it('re-syncing unchanged input writes nothing, with or without a 304', async () => {
    const before = await snapshot();
    const conditional = await worker.syncNow(sourceId);
    expect(conditional?.outcome).toBe('notModified');
    expect(feed.requests.at(-1)?.headers['if-none-match']).toBeTruthy();
    feed.set((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(calendar(five())),
    );
    const unconditional = await worker.syncNow(sourceId);
    expect(unconditional?.counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 6,
      removed: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('an identical document is applied in full again once one of its events changed here', async () => {
    feed.set((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(calendar(five())),
    );
    expect((await worker.syncNow(sourceId))?.counts).toMatchObject({ unchanged: 6 });
    // Removed on this side (as an operator's clean-up would): the feed still has it.
    await database.db
      .update(events)
      .set({ deletedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(events.sourceId, sourceId), eq(events.upstreamUid, 'evt-3@test')));
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ created: 1, updated: 0, unchanged: 5, removed: 0 });
    expect(await live()).toBe(6);
  });

  it('one changed event writes one row and bumps its sequence', async () => {
    const changed = five();
    changed[2] = { ...changed[2]!, title: 'Meetup 2 (moved room)' };
    feed.serveCalendar(calendar(changed));
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    const [row] = await database.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.chapterId, chapter.id),
          sql`${events.title}->>'en' = 'Meetup 2 (moved room)'`,
        ),
      );
    expect(row?.sequence).toBe(1);
  });

  const faults: [string, () => void][] = [
    ['a 500', () => feed.set((_q, s) => s.writeHead(500).end('oops'))],
    ['a 404', () => feed.set((_q, s) => s.writeHead(404).end())],
    ['a 403', () => feed.set((_q, s) => s.writeHead(403).end())],
    [
      'a 503 with Retry-After',
      () => feed.set((_q, s) => s.writeHead(503, { 'Retry-After': '120' }).end()),
    ],
    [
      'HTML with a 200',
      () =>
        feed.set((_q, s) =>
          s
            .writeHead(200, { 'Content-Type': 'text/html' })
            .end('<!doctype html><html><body>Sign in</body></html>'),
        ),
    ],
    [
      'a truncated calendar',
      () => feed.set((_q, s) => s.writeHead(200).end(calendar(five()).slice(0, 400))),
    ],
    ['garbage', () => feed.set((_q, s) => s.writeHead(200).end('\u0000\u0001 not a calendar'))],
    [
      'a body over the size cap',
      () => feed.set((_q, s) => s.writeHead(200).end(`${calendar(five())}${'X'.repeat(300_000)}`)),
    ],
    ['a server that never answers', () => feed.set(() => {})],
    ['a dropped connection', () => feed.set((req) => req.socket.destroy())],
  ];

  it.each(faults)('%s changes nothing and is recorded as a failed run', async (_name, arrange) => {
    const before = await snapshot();
    arrange();
    const run = await worker.syncNow(sourceId);
    expect(run?.outcome).toBe('failed');
    expect(await snapshot()).toEqual(before);
    const [source] = await database.db.select().from(sources).where(eq(sources.id, sourceId));
    expect(source?.status).toBe('failing');
    expect(source?.consecutiveFailures).toBe(1);
  });

  it('announces each imported change with the event exactly as the API serves it', async () => {
    const [row] = await database.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.sourceId, sourceId), eq(events.upstreamUid, 'evt-1@test')));
    const id = row!.id;
    const messages = async () => {
      const result = await database.db.execute(
        sql`select id, type, payload from outbox where payload -> 'data' ->> 'id' = ${id} order by seq`,
      );
      return rowsOf<{ id: string; type: string; payload: { type: string; data: unknown } }>(result);
    };
    const asServed = async () => {
      const [stored] = await selectEvents(database.db).where(eq(events.id, id));
      return JSON.parse(JSON.stringify(toEvent(stored!)));
    };
    expect((await messages())[0]?.payload.data).toEqual(await asServed());

    const changed = five();
    const steps = [
      { ...changed[1]!, title: 'Meetup 1 (new room)' },
      { ...changed[1]!, title: 'Meetup 1 (new room)', start: soon(9) },
      { ...changed[1]!, title: 'Meetup 1 (new room)', start: soon(9), status: 'CANCELLED' },
    ];
    for (const step of steps) {
      changed[1] = step;
      feed.serveCalendar(calendar(changed));
      expect((await worker.syncNow(sourceId))?.counts).toMatchObject({ updated: 1 });
      expect((await messages()).at(-1)?.payload.data).toEqual(await asServed());
    }
    const announced = await messages();
    expect(announced.map((m) => m.type)).toEqual([
      'event.created',
      'event.updated',
      'event.rescheduled',
      'event.cancelled',
    ]);
    // Receivers de-duplicate on the message id: each is its own, in the usual form.
    for (const m of announced) {
      expect(m.id).toMatch(/^msg_[0-9a-f]{16}$/);
      expect(m.payload.type).toBe(m.type);
    }
    expect(new Set(announced.map((m) => m.id)).size).toBe(announced.length);
  });

  it('leaves no staged rows behind, whatever the outcome, and clears what a dead run left', async () => {
    const staged = async () => {
      const result = await database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from sync_staging where source_id = ${sourceId}`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        n: number;
      }[];
      return rows[0]?.n ?? -1;
    };
    expect(await staged()).toBe(0);
    // A process that died mid-run left its staged rows; its run is no longer running.
    await database.db.execute(sql`
      insert into sync_staging (run_id, source_id, id, ord, content_hash, upstream_uid, starts_at)
      values ('run-of-a-dead-process', ${sourceId}, 'evt-x', 0, 'h', 'x@test', now())`);
    const held = five().slice(0, 1);
    feed.serveCalendar(calendar(held));
    expect((await worker.syncNow(sourceId))?.outcome).toBe('held');
    expect(await staged()).toBe(0);
    feed.serveCalendar('garbage');
    expect((await worker.syncNow(sourceId))?.outcome).toBe('failed');
    expect(await staged()).toBe(0);
  });

  it('holds a newly empty feed instead of removing everything', async () => {
    const before = await snapshot();
    feed.serveCalendar(calendar([]));
    const run = await worker.syncNow(sourceId);
    expect(run?.outcome).toBe('held');
    expect(await snapshot()).toEqual(before);
  });

  it('holds the removal of more than half of the upcoming events, but applies additions', async () => {
    feed.serveCalendar(
      calendar([five()[0]!, five()[1]!, { uid: 'new@test', title: 'New one', start: soon(9) }]),
    );
    const run = await worker.syncNow(sourceId);
    expect(run?.outcome).toBe('held');
    expect(run?.counts).toMatchObject({ created: 1, removed: 0, held: 4 });
    expect(await live()).toBe(7);
    const approved = await worker.syncNow(sourceId, { allowMassRemoval: true });
    expect(approved?.counts).toMatchObject({ removed: 4 });
    expect(await live()).toBe(3);
  });

  it('tombstones a removed event (reversibly) and only this source’s records', async () => {
    const pushed = await createEvent(database.db, chapter, { startsAt: soon(2) });
    feed.serveCalendar(calendar(five().slice(0, 5)));
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ removed: 1 });
    const [kept] = await database.db.select().from(events).where(eq(events.id, pushed.id));
    expect(kept?.deletedAt).toBeNull();
    feed.serveCalendar(calendar(five()));
    expect((await worker.syncNow(sourceId))?.counts).toMatchObject({ created: 1 });
    expect(await live()).toBe(7);
  });

  it('rejects one invalid item alone and never stores attendee or organiser addresses', async () => {
    const items = [
      ...five(),
      { uid: 'bad@test', title: 'x'.repeat(400), start: soon(3) },
      {
        uid: 'people@test',
        title: 'With people',
        start: soon(4),
        extra:
          'ORGANIZER;CN=Ann Example:mailto:ann@example.org\nATTENDEE;CN=Bob Example:mailto:bob@example.org',
      },
    ];
    feed.serveCalendar(calendar(items));
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ created: 1, rejected: 1 });
    const rows = await snapshot();
    expect(JSON.stringify(rows)).not.toMatch(/example\.org|Ann Example|Bob Example/);
    // Next run (no 304 this time) the bad item is still bad, and nothing is judged removed.
    feed.set((_q, res) =>
      res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(calendar(items)),
    );
    const again = await worker.syncNow(sourceId);
    expect(again?.counts).toMatchObject({ removed: 0, rejected: 1 });
  });

  it('keeps the previous version of an item that has become invalid', async () => {
    const items = five();
    items[3] = { ...items[3]!, title: 'y'.repeat(400) };
    feed.serveCalendar(calendar(items));
    const run = await worker.syncNow(sourceId);
    expect(run?.counts).toMatchObject({ rejected: 1, removed: 0 });
    expect(await live()).toBe(6);
  });
});
