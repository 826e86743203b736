import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../services/context.js';
import { prepareEventRow } from '../../services/events/event-row.js';
import { saveEvents } from '../../services/events/persist-events.js';

const HOUR = 3_600_000;

describe.each(testDatabases())('a calendar feed past its 1,000-event cap on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  const first = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR);

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const chapter = await createChapter(database.db);
    chapterId = chapter.id;
    // 1,005 events an hour apart: five more than one feed holds.
    const rows = Array.from({ length: 1005 }, (_, i) => {
      const startsAt = new Date(first.getTime() + i * HOUR);
      return prepareEventRow(
        {
          id: uniqueId(`cap-${String(i).padStart(4, '0')}`),
          chapterId,
          title: { en: `Drop-in ${i}` },
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          timeZone: 'Europe/London',
          originInstance: TEST_ORIGIN,
        },
        chapter,
      );
    });
    await withTransaction(testCtx(database.db), (w) => saveEvents(w, rows));
  });
  afterAll(() => database?.close());

  const feed = async (path: string) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(200);
    return new ICAL.Component(ICAL.parse(await response.text()));
  };

  it('says it stopped, and names the feed of the next date window, which has the rest', async () => {
    const calendar = await feed(`/v1/chapters/${chapterId}/events.ics`);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1000);
    expect(calendar.getFirstPropertyValue('x-otg-truncated')).toBe('1000');
    const next = String(calendar.getFirstPropertyValue('x-otg-next-url'));
    const nextUrl = new URL(next);
    expect(`${nextUrl.origin}${nextUrl.pathname}`).toBe(
      `${TEST_ORIGIN}/v1/chapters/${chapterId}/events.ics`,
    );
    // The 1,001st event's start.
    expect(nextUrl.searchParams.get('from')).toBe(
      new Date(first.getTime() + 1000 * HOUR).toISOString(),
    );
    expect(String(calendar.getFirstPropertyValue('x-wr-caldesc'))).toContain(
      'Only the first 1000 events are listed',
    );

    const rest = await feed(`${nextUrl.pathname}${nextUrl.search}`);
    const titles = rest
      .getAllSubcomponents('vevent')
      .map((e) => String(e.getFirstPropertyValue('summary')));
    expect(titles).toEqual([
      'Drop-in 1000',
      'Drop-in 1001',
      'Drop-in 1002',
      'Drop-in 1003',
      'Drop-in 1004',
    ]);
    expect(rest.getFirstProperty('x-otg-truncated')).toBeNull();
  });

  it('a feed within the cap says nothing of the kind', async () => {
    const to = new Date(first.getTime() + 10 * HOUR).toISOString();
    const calendar = await feed(`/v1/chapters/${chapterId}/events.ics?to=${to}`);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(10);
    expect(calendar.getFirstProperty('x-otg-truncated')).toBeNull();
    expect(calendar.getFirstProperty('x-otg-next-url')).toBeNull();
  });
});
