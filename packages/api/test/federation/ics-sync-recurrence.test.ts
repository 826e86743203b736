import { and, eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { events, syncRuns } from '../../src/db/schema/index.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { createWorker } from '../../src/sync/worker.js';
import { testDatabases } from '../helpers/databases.js';
import { calendar, startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';

const DAY = 86_400_000;
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);
/** One weekly series of four and two one-off events. */
const feedWith = (rule: string) =>
  calendar([
    { uid: 'weekly@test', title: 'Weekly meetup', start: soon(3), extra: `RRULE:${rule}` },
    { uid: 'one@test', title: 'Breakfast', start: soon(5) },
    { uid: 'two@test', title: 'Unconference', start: soon(9) },
  ]);

describe.each(testDatabases())(
  'iCalendar sync of recurrences and broken structure on $name',
  (backend) => {
    let database: Database;
    let feed: Awaited<ReturnType<typeof startFeedServer>>;
    let worker: ReturnType<typeof createWorker>;
    let chapter: { id: string };
    let sourceId: string;

    beforeAll(async () => {
      database = await backend.open();
      feed = await startFeedServer();
      worker = createWorker(
        {
          db: database.db,
          logger: pino({ level: 'silent' }),
          selfOrigin: 'https://hub.test.example',
          now: () => new Date(),
          fetchPolicy: defaultFetchPolicy({
            allowList: ['127.0.0.1'],
            userAgent: 'test',
            maxBytes: 2_000_000,
          }),
          parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
        },
        { pollMs: 60_000, leaseMs: 60_000 },
      );
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
      feed.serveCalendar(feedWith('FREQ=WEEKLY;COUNT=4'));
      const first = await worker.syncNow(sourceId);
      expect(first?.counts).toMatchObject({ created: 6, rejected: 0 });
    });

    const snapshot = () =>
      database.db.select().from(events).where(eq(events.chapterId, chapter.id)).orderBy(events.id);
    const liveTitles = async () =>
      (
        await database.db
          .select({ title: events.title })
          .from(events)
          .where(and(eq(events.chapterId, chapter.id), isNull(events.deletedAt)))
      ).map((row) => row.title.en);
    const lastRun = async () =>
      (
        await database.db
          .select()
          .from(syncRuns)
          .where(eq(syncRuns.sourceId, sourceId))
          .orderBy(syncRuns.startedAt)
      ).at(-1);

    it('rejects an event whose rule cannot be expanded and keeps its occurrences', async () => {
      // COUNT and UNTIL together are not allowed by RFC 5545.
      feed.serveCalendar(feedWith('FREQ=WEEKLY;COUNT=4;UNTIL=20300101T000000Z'));
      const run = await worker.syncNow(sourceId);
      expect(run?.counts).toMatchObject({ rejected: 1, removed: 0 });
      expect((await liveTitles()).filter((t) => t === 'Weekly meetup')).toHaveLength(4);
      expect((await lastRun())?.rejections).toEqual([
        {
          item: 'weekly@test',
          reason: expect.stringMatching(/recurrence cannot be expanded.*COUNT and UNTIL/),
        },
      ]);
    });

    it('imports every occurrence of a rule ical.js got wrong', async () => {
      // Two times on each day of the rule: eight occurrences, the first four unchanged.
      feed.serveCalendar(feedWith('FREQ=WEEKLY;COUNT=8;BYHOUR=18,20'));
      const run = await worker.syncNow(sourceId);
      expect(run?.counts).toMatchObject({ created: 4, unchanged: 6, removed: 0, rejected: 0 });
      expect((await liveTitles()).filter((t) => t === 'Weekly meetup')).toHaveLength(8);
    });

    it('fails a document with 50,000 unbalanced BEGIN lines and changes nothing', async () => {
      const before = await snapshot();
      const flood = Array.from({ length: 50_000 }, () => 'BEGIN:X').join('\r\n');
      feed.serveCalendar(
        feedWith('FREQ=WEEKLY;COUNT=4').replace('END:VCALENDAR', `${flood}\r\nEND:VCALENDAR`),
      );
      const run = await worker.syncNow(sourceId);
      expect(run?.outcome).toBe('failed');
      expect((await lastRun())?.error).toMatch(/^invalid-document: invalid structure/);
      expect(await snapshot()).toEqual(before);
    });
  },
);
