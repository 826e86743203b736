import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { testCtx } from '../../test/helpers/service-ctx.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import { isEmpty, seedDemoData } from './seed.js';

describe.each(testDatabases())('demo data on $name', (backend) => {
  it('seeds the real chapters and labelled upcoming demo events, once', async () => {
    const database = await backend.open();
    try {
      const ctx = testCtx(database.db);
      expect(await isEmpty(ctx)).toBe(true);
      await seedDemoData(ctx, 'https://hub.test.example');
      const later = { ...ctx, now: () => new Date(Date.now() + 3 * 86_400_000) };
      const again = await seedDemoData(later, 'https://hub.test.example');
      expect(again).toEqual({ chapters: 0, events: 0, series: null });

      const { client } = createTestApp(database);
      const chapters = await client.GET('/v1/chapters', { params: { query: { limit: 100 } } });
      expect(chapters.data.map((c) => c.id)).toEqual(
        expect.arrayContaining([
          'uk',
          'north',
          'wales',
          'scotland',
          'sweden',
          'norway',
          'canada',
          'new-zealand',
        ]),
      );
      const events = [];
      for await (const event of client.paginate('/v1/events', {
        params: { query: { limit: 100 } },
      })) {
        events.push(event);
      }
      expect(events.length).toBeGreaterThan(20);
      expect(events.every((e) => e.tags.includes('demo'))).toBe(true);
      expect(new Set(events.map((e) => e.chapterId)).size).toBeGreaterThan(6);
      expect(events.some((e) => e.series?.rrule === 'FREQ=MONTHLY;BYDAY=3TU')).toBe(true);
      const welsh = await client.GET('/v1/events', { params: { query: { q: 'Caerdydd' } } });
      expect(welsh.data.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });
});
