import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { chapters, eventSeries, events } from '../../db/schema/index.js';

const HOUR = 3_600_000;

/**
 * Lists are answered again from the page built for the same URL while nothing
 * changed: these tests change the data behind an answered URL, from this
 * process and (on PostgreSQL) from another connection pool as another replica
 * would, and expect the next answer to show it at once.
 */
describe.each(testDatabases())(
  'event lists stay fresh while answered again on $name',
  (backend) => {
    let database: TestDb;
    /** Where changes are written from: another pool on PostgreSQL, as another replica would. */
    let writer: Database;
    let clock = Date.now();
    let t: ReturnType<typeof createTestApp>;

    beforeAll(async () => {
      database = await backend.open();
      writer = database.connectAgain ? await database.connectAgain() : database;
      t = createTestApp(database, { now: () => new Date(clock) });
    });
    afterAll(async () => {
      if (writer !== database) await writer.close();
      await database?.close();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      t.app.request(path, { headers });
    const ids = async (response: Response) =>
      ((await response.json()) as { data: { id: string }[] }).data.map((e) => e.id);

    it('shows an event written elsewhere on the next request, with a new ETag', async () => {
      const chapter = await createChapter(writer.db);
      const first = await createEvent(writer.db, chapter, { startsAt: new Date(clock + HOUR) });
      const path = `/v1/events?chapter=${chapter.id}`;
      const before = await get(path);
      expect(await ids(before)).toEqual([first.id]);
      expect(await ids(await get(path))).toEqual([first.id]);

      const second = await createEvent(writer.db, chapter, {
        startsAt: new Date(clock + 2 * HOUR),
      });
      const after = await get(path, { 'If-None-Match': before.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect(await ids(after)).toEqual([first.id, second.id]);
    });

    it('answers a revalidated page with a bodiless 304 carrying its validators, not its Link', async () => {
      const chapter = await createChapter(writer.db);
      await createEvent(writer.db, chapter, { startsAt: new Date(clock + HOUR) });
      await createEvent(writer.db, chapter, { startsAt: new Date(clock + 2 * HOUR) });
      const path = `/v1/events?chapter=${chapter.id}&limit=1`;
      const page = await get(path);
      expect(page.headers.get('link')).toContain('rel="next"');
      for (const ifNoneMatch of [page.headers.get('etag')!, `W/${page.headers.get('etag')}`, '*']) {
        for (const method of ['GET', 'HEAD']) {
          const again = await t.app.request(path, {
            method,
            headers: { 'If-None-Match': ifNoneMatch, 'Accept-Encoding': 'br, gzip' },
          });
          expect(again.status).toBe(304);
          expect(await again.text()).toBe('');
          expect(again.headers.get('etag')).toBe(page.headers.get('etag'));
          expect(again.headers.get('cache-control')).toBe(page.headers.get('cache-control'));
          expect(again.headers.get('link')).toBeNull();
          expect(again.headers.get('content-encoding')).toBeNull();
        }
      }
    });

    it('answers 304 while nothing changed, and 200 once an event on the page changed', async () => {
      const chapter = await createChapter(writer.db);
      const event = await createEvent(writer.db, chapter, { startsAt: new Date(clock + HOUR) });
      const path = `/v1/chapters/${chapter.id}/events`;
      const etag = (await get(path)).headers.get('etag')!;
      const unchanged = await get(path, { 'If-None-Match': etag });
      expect(unchanged.status).toBe(304);
      expect(unchanged.headers.get('etag')).toBe(etag);

      await writer.db
        .update(events)
        .set({ title: { en: 'Renamed' } })
        .where(eq(events.id, event.id));
      const changed = await get(path, { 'If-None-Match': etag });
      expect(changed.status).toBe(200);
      const body = (await changed.json()) as { data: { title: { en: string } }[] };
      expect(body.data[0]?.title.en).toBe('Renamed');
    });

    it('drops a deleted event, and a series rule change shows on its occurrences', async () => {
      const chapter = await createChapter(writer.db);
      await writer.db.insert(eventSeries).values({
        id: `${chapter.id}-series`,
        chapterId: chapter.id,
        rrule: 'FREQ=WEEKLY',
        startLocal: '2030-01-01T18:00:00',
        timeZone: 'Europe/London',
        durationMinutes: 60,
        template: { title: { en: 'Weekly' }, originInstance: 'https://hub.test.example' },
      });
      const occurrence = await createEvent(writer.db, chapter, {
        startsAt: new Date(clock + HOUR),
        seriesId: `${chapter.id}-series`,
        recurrenceId: '20300101T000000Z',
      });
      const gone = await createEvent(writer.db, chapter, { startsAt: new Date(clock + 2 * HOUR) });
      const path = `/v1/events?chapter=${chapter.id}`;
      expect(await ids(await get(path))).toEqual([occurrence.id, gone.id]);

      await writer.db.update(events).set({ deletedAt: new Date() }).where(eq(events.id, gone.id));
      await writer.db
        .update(eventSeries)
        .set({ rrule: 'FREQ=MONTHLY' })
        .where(eq(eventSeries.id, `${chapter.id}-series`));
      const body = (await (await get(path)).json()) as { data: { series: { rrule: string } }[] };
      expect(body.data.map((e) => e.series.rrule)).toEqual(['FREQ=MONTHLY']);
    });

    it("answers 404 for a chapter's list once the chapter is gone", async () => {
      const chapter = await createChapter(writer.db);
      const path = `/v1/chapters/${chapter.id}/events`;
      expect((await get(path)).status).toBe(200);
      await writer.db.delete(chapters).where(eq(chapters.id, chapter.id));
      expect((await get(path)).status).toBe(404);
    });

    it('drops an event from a list cut at "now" once it has ended, with no data change', async () => {
      const chapter = await createChapter(writer.db);
      const soon = await createEvent(writer.db, chapter, {
        startsAt: new Date(clock - HOUR),
        endsAt: new Date(clock + HOUR),
      });
      const later = await createEvent(writer.db, chapter, { startsAt: new Date(clock + 5 * HOUR) });
      const path = `/v1/events?chapter=${chapter.id}`;
      expect(await ids(await get(path))).toEqual([soon.id, later.id]);
      clock += 2 * HOUR;
      expect(await ids(await get(path))).toEqual([later.id]);
    });

    // Last: it leaves the suite's database without one of its version rows.
    it('builds every page when the data version is missing, rather than trusting an old one', async () => {
      const chapter = await createChapter(writer.db);
      const first = await createEvent(writer.db, chapter, { startsAt: new Date(clock + HOUR) });
      const path = `/v1/events?chapter=${chapter.id}`;
      expect(await ids(await get(path))).toEqual([first.id]);
      await writer.db.execute(sql`delete from data_versions where shard = 3`);
      const second = await createEvent(writer.db, chapter, {
        startsAt: new Date(clock + 2 * HOUR),
      });
      expect(await ids(await get(path))).toEqual([first.id, second.id]);
      const third = await createEvent(writer.db, chapter, { startsAt: new Date(clock + 3 * HOUR) });
      expect(await ids(await get(path))).toEqual([first.id, second.id, third.id]);
    });
  },
);
