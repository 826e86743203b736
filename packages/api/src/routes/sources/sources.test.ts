import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { syncRuns } from '../../db/schema/index.js';
import { upsertSource } from '../../services/sources/manage-sources.js';

describe.each(testDatabases())('source health on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  const sourceId = uniqueId('cal');

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db);
    await upsertSource(testCtx(database.db), {
      id: sourceId,
      chapterId: chapter.id,
      kind: 'ics',
      url: 'https://calendar.example.org/private/s3cr3t-token/basic.ics?key=hunter2',
    });
    await database.db.insert(syncRuns).values({
      id: uniqueId('run'),
      sourceId,
      startedAt: new Date(),
      finishedAt: new Date(),
      httpStatus: 200,
      outcome: 'success',
      counts: {
        fetched: 3,
        created: 2,
        updated: 0,
        unchanged: 0,
        removed: 0,
        rejected: 1,
        held: 0,
      },
      rejections: [{ item: 'uid-9', reason: 'title: Too big' }],
    });
  });
  afterAll(() => database?.close());

  it('lists sources with their health and never their URL secrets', async () => {
    const list = await t.client.GET('/v1/sources', { params: { query: { chapter: chapter.id } } });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      id: sourceId,
      kind: 'ics',
      status: 'ok',
      endpoint: 'https://calendar.example.org',
    });
    const detail = await t.client.GET('/v1/sources/{sourceId}', { params: { path: { sourceId } } });
    expect(detail.recentRuns[0]).toMatchObject({
      outcome: 'success',
      counts: { created: 2, rejected: 1 },
      rejections: [{ item: 'uid-9' }],
    });
    const raw = await (await t.fetch(`http://hub.test/v1/sources/${sourceId}`)).text();
    expect(raw).not.toMatch(/s3cr3t|hunter2|private/);
  });

  it('answers 404 for an unknown source', async () => {
    expect((await t.fetch('http://hub.test/v1/sources/nope')).status).toBe(404);
  });
});
