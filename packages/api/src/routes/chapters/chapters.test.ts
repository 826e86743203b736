import { isApiError } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('chapters read API on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let parent: { id: string };
  let welsh: { id: string };
  let swedish: { id: string };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    parent = await createChapter(database.db, { id: uniqueId('nation'), kind: 'national' });
    welsh = await createChapter(database.db, {
      id: uniqueId('wales'),
      kind: 'regional',
      parentId: parent.id,
      name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
      locality: 'Cardiff',
      lat: 51.48,
      lng: -3.18,
    });
    swedish = await createChapter(database.db, {
      id: uniqueId('sweden'),
      kind: 'national',
      country: 'SE',
      status: 'dormant',
      name: { sv: 'One Team Gov Sverige' },
      description: { sv: 'Nätverk i Göteborg' },
    });
  });
  afterAll(() => database?.close());

  it('lists children of a parent, by kind, country, status and accent-insensitive search', async () => {
    const children = await t.client.GET('/v1/chapters', {
      params: { query: { parent: parent.id } },
    });
    expect(children.data.map((c) => c.id)).toEqual([welsh.id]);
    const dormantSwedish = await t.client.GET('/v1/chapters', {
      params: { query: { country: ['SE'], status: ['dormant'] } },
    });
    expect(dormantSwedish.data.map((c) => c.id)).toEqual([swedish.id]);
    const search = await t.client.GET('/v1/chapters', { params: { query: { q: 'goteborg' } } });
    expect(search.data.map((c) => c.id)).toEqual([swedish.id]);
    const llywodraeth = await t.client.GET('/v1/chapters', {
      params: { query: { q: 'tim llywodraeth' } },
    });
    expect(llywodraeth.data.map((c) => c.id)).toEqual([welsh.id]);
  });

  it('pages through chapters in id order', async () => {
    const ids: string[] = [];
    for await (const chapter of t.client.paginate('/v1/chapters', {
      params: { query: { limit: 1 } },
    })) {
      ids.push(chapter.id);
    }
    expect(ids).toEqual([parent.id, welsh.id, swedish.id].sort());
  });

  it('gets a chapter with its location and parent', async () => {
    const chapter = await t.client.GET('/v1/chapters/{chapterId}', {
      params: { path: { chapterId: welsh.id } },
    });
    expect(chapter).toMatchObject({
      id: welsh.id,
      parentId: parent.id,
      kind: 'regional',
      location: { lat: 51.48, lng: -3.18 },
      name: { cy: 'Un Tîm Llywodraeth Cymru' },
    });
  });

  it('answers 404 problem+json for an unknown chapter', async () => {
    const error = await t.client
      .GET('/v1/chapters/{chapterId}', { params: { path: { chapterId: 'atlantis' } } })
      .catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    if (isApiError(error)) {
      expect(error.status).toBe(404);
      expect(error.code).toBe('not_found');
      expect(error.requestId).toBeTruthy();
    }
  });

  it('lists the seven principles', async () => {
    const principles = await t.client.GET('/v1/principles');
    expect(principles.data).toHaveLength(7);
    expect(principles.data[0]).toEqual({
      id: 'work-in-the-open',
      name: { en: 'Work in the open and positively' },
    });
  });
});
