import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { events, type NewEventRow } from '../../db/schema/index.js';
import { withTransaction } from '../context.js';
import { prepareEventRow } from './event-row.js';
import { saveEvents } from './persist-events.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

const DAY = 86_400_000;

describe.each(testDatabases())('saving events on $name', (backend) => {
  let database: Database;
  let chapter: Awaited<ReturnType<typeof createChapter>>;

  beforeAll(async () => {
    database = await backend.open();
    chapter = await createChapter(database.db);
  });
  afterAll(() => database.close());

  const rich = (id: string, changes: Partial<NewEventRow> = {}) => {
    const startsAt = new Date(Math.ceil(Date.now() / DAY) * DAY + 3 * DAY);
    return prepareEventRow(
      {
        id,
        chapterId: chapter.id,
        title: { en: 'Show and tell', cy: 'Dangos a dweud' },
        summary: { en: 'Five teams, five minutes each' },
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        timeZone: 'Europe/London',
        attendanceMode: 'hybrid',
        venue: {
          name: 'Community hall',
          address: '1 High Street',
          locality: 'Cardiff',
          postalCode: 'CF10 1AA',
          country: 'GB',
          lat: 51.48,
          lng: -3.18,
          addressVisibility: 'onRequest',
        },
        onlineUrl: 'https://meet.example/abc',
        capacity: 40,
        tags: ['show-and-tell'],
        inLanguage: ['en', 'cy'],
        accessibility: { features: ['stepFreeAccess'], notes: { en: 'Lift at the back' } },
        originInstance: TEST_ORIGIN,
        ...changes,
      },
      chapter,
    );
  };

  const save = (rows: NewEventRow[]) =>
    withTransaction(testCtx(database.db), (w) => saveEvents(w, rows));

  /** The outbox messages about one event, oldest first. */
  const messages = async (id: string) => {
    const result = await database.db.execute<{ type: string; payload: { data: unknown } }>(
      sql`select type, payload from outbox where payload -> 'data' ->> 'id' = ${id} order by seq`,
    );
    return (Array.isArray(result) ? result : (result as { rows: typeof result }).rows) as {
      type: string;
      payload: { data: unknown };
    }[];
  };
  const asServed = async (id: string) => {
    const [row] = await selectEvents(database.db).where(eq(events.id, id));
    return JSON.parse(JSON.stringify(toEvent(row!)));
  };

  it('announces each write with the event exactly as the API serves it', async () => {
    const id = uniqueId('saved');
    expect(await save([rich(id)])).toEqual([id]);
    let sent = await messages(id);
    expect(sent.map((m) => m.type)).toEqual(['event.created']);
    expect(sent[0]!.payload.data).toEqual(await asServed(id));

    // The same content again writes nothing and says nothing.
    expect(await save([rich(id)])).toEqual([]);
    expect(await messages(id)).toHaveLength(1);

    expect(await save([rich(id, { title: { en: 'Show and tell (June)' } })])).toEqual([id]);
    const later = new Date(Date.now() + 10 * DAY);
    await save([
      rich(id, {
        title: { en: 'Show and tell (June)' },
        startsAt: later,
        endsAt: new Date(later.getTime() + 3_600_000),
      }),
    ]);
    sent = await messages(id);
    expect(sent.map((m) => m.type)).toEqual([
      'event.created',
      'event.updated',
      'event.rescheduled',
    ]);
    expect(sent[2]!.payload.data).toEqual(await asServed(id));
    expect((sent[2]!.payload.data as { sequence: number }).sequence).toBe(2);
  });

  it('fills what a row leaves out with the column defaults', async () => {
    const id = uniqueId('plain');
    const startsAt = new Date(Date.now() + 5 * DAY);
    await save([
      prepareEventRow(
        {
          id,
          chapterId: chapter.id,
          title: { en: 'Coffee' },
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3_600_000),
          timeZone: 'Europe/London',
          originInstance: TEST_ORIGIN,
        },
        chapter,
      ),
    ]);
    const served = await asServed(id);
    expect(served).toMatchObject({
      status: 'scheduled',
      attendanceMode: 'inPerson',
      tags: [],
      inLanguage: [],
    });
    expect((await messages(id))[0]!.payload.data).toEqual(served);
  });
});
