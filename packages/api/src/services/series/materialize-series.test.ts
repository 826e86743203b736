import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { eventSeries, events } from '../../db/schema/index.js';
import { rollSeriesForward } from './materialize-all-series.js';

// A fixed "now" in winter, so the window spans both GMT and BST.
const NOW = new Date('2026-01-10T12:00:00Z');

describe.each(testDatabases())('recurring series on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  const seriesId = `north-monthly-${Math.random().toString(36).slice(2, 8)}`;
  const ctx = () => testCtx(database.db, () => NOW);

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database, { now: () => NOW });
    chapter = await createChapter(database.db);
    await database.db.insert(eventSeries).values({
      id: seriesId,
      chapterId: chapter.id,
      rrule: 'FREQ=MONTHLY;BYDAY=3TU',
      startLocal: '2026-01-20T18:00',
      timeZone: 'Europe/London',
      durationMinutes: 120,
      template: {
        title: { en: 'North monthly meetup' },
        attendanceMode: 'online',
        originInstance: TEST_ORIGIN,
      },
    });
  });
  afterAll(() => database?.close());

  const occurrences = async () =>
    (
      await t.client.GET('/v1/events', {
        params: { query: { chapter: [chapter.id], limit: 100, from: '2026-01-01T00:00:00Z' } },
      })
    ).data;

  it('materialises "3rd Tuesday, 18:00 Europe/London" at 18:00 local in GMT and in BST', async () => {
    const result = await rollSeriesForward(ctx(), seriesId);
    expect(result.occurrences).toBeGreaterThan(12);
    const list = await occurrences();
    const january = list.find((e) => e.startsAt.startsWith('2026-01-20'));
    const july = list.find((e) => e.startsAt.startsWith('2026-07-21'));
    expect(january).toMatchObject({
      startsAt: '2026-01-20T18:00:00.000Z',
      localStartsAt: '2026-01-20T18:00:00+00:00',
    });
    expect(july).toMatchObject({
      startsAt: '2026-07-21T17:00:00.000Z',
      localStartsAt: '2026-07-21T18:00:00+01:00',
    });
    expect(july?.series).toEqual({
      id: seriesId,
      recurrenceId: '20260721T180000',
      rrule: 'FREQ=MONTHLY;BYDAY=3TU',
    });
    for (const event of list) {
      expect(event.localStartsAt.slice(11, 16)).toBe('18:00');
      const day = new Date(event.startsAt).getUTCDate();
      expect(day).toBeGreaterThanOrEqual(15);
      expect(day).toBeLessThanOrEqual(21);
    }
  });

  it('is idempotent: materialising again writes nothing and keeps ids', async () => {
    const before = (await occurrences()).map((e) => e.id);
    const again = await rollSeriesForward(ctx(), seriesId);
    expect(again).toMatchObject({ written: 0, removed: 0 });
    expect((await occurrences()).map((e) => e.id)).toEqual(before);
  });

  it('applies a per-occurrence override and tombstones an EXDATE, keeping other ids stable', async () => {
    const before = await occurrences();
    await database.db
      .update(eventSeries)
      .set({
        exdates: ['2026-08-18T18:00'],
        overrides: {
          '20260616T180000': { title: { en: 'North summer special' }, status: 'movedOnline' },
        },
      })
      .where(eq(eventSeries.id, seriesId));
    const result = await rollSeriesForward(ctx(), seriesId);
    expect(result).toMatchObject({ written: 1, removed: 1 });
    const after = await occurrences();
    expect(after.find((e) => e.startsAt.startsWith('2026-08-18'))).toBeUndefined();
    const june = after.find((e) => e.startsAt.startsWith('2026-06-16'));
    expect(june).toMatchObject({
      title: { en: 'North summer special' },
      status: 'movedOnline',
      sequence: 1,
    });
    expect(after.map((e) => e.id)).toEqual(
      before.filter((e) => !e.startsAt.startsWith('2026-08-18')).map((e) => e.id),
    );
    const [tombstone] = await database.db
      .select({ deletedAt: events.deletedAt })
      .from(events)
      .where(eq(events.id, before.find((e) => e.startsAt.startsWith('2026-08-18'))!.id));
    expect(tombstone?.deletedAt).toBeInstanceOf(Date);
  });
});
