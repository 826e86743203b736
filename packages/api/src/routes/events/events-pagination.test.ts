import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const HOUR = 3_600_000;

describe.each(testDatabases())('events keyset pagination on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  const base = Date.now() + 24 * HOUR;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db);
    // Ties on startsAt are deliberate: the order falls back to id.
    for (let i = 0; i < 23; i++) {
      await createEvent(database.db, chapter, {
        startsAt: new Date(base + Math.floor(i / 3) * HOUR),
      });
    }
  });
  afterAll(() => database?.close());

  it('walks every page with rows inserted mid-walk: no duplicates, no gaps', async () => {
    const seen: string[] = [];
    const before = await t.client.GET('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 100 } },
    });
    let cursor: string | undefined;
    let pages = 0;
    const insertedAhead: string[] = [];
    do {
      const page = await t.client.GET('/v1/events', {
        params: { query: { chapter: [chapter.id], limit: 5, ...(cursor ? { cursor } : {}) } },
      });
      seen.push(...page.data.map((e) => e.id));
      pages += 1;
      if (pages === 2) {
        // One row behind the walk (already passed) and one far ahead of it.
        await createEvent(database.db, chapter, { startsAt: new Date(base - HOUR) });
        insertedAhead.push(
          (await createEvent(database.db, chapter, { startsAt: new Date(base + 100 * HOUR) })).id,
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    const expected = [...before.data.map((e) => e.id), ...insertedAhead];
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 5));
  });

  it('refuses a cursor replayed against different filters, but allows another page size', async () => {
    const first = await t.client.GET('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 5 } },
    });
    const cursor = first.nextCursor!;
    const resized = await t.client.GET('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 6, cursor } },
    });
    expect(resized.data[0]?.id).not.toBe(first.data[0]?.id);
    const replay = await t.fetch(
      `http://hub.test/v1/events?chapter=${chapter.id}&tag=other&cursor=${cursor}`,
    );
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string }).code).toBe('invalid_cursor');
  });

  it('iterates every event with the SDK paginate() and a Link header on each page', async () => {
    const ids: string[] = [];
    for await (const event of t.client.paginate('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 7 } },
    })) {
      ids.push(event.id);
    }
    const all = await t.client.GET('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 100 } },
    });
    expect(ids).toEqual(all.data.map((e) => e.id));

    const first = await t.fetch(`http://hub.test/v1/events?chapter=${chapter.id}&limit=7`);
    const link = first.headers.get('link');
    const body = (await first.json()) as { nextCursor: string };
    expect(link).toBe(
      `</v1/events?chapter=${chapter.id}&limit=7&cursor=${body.nextCursor}>; rel="next"`,
    );
  });
});
