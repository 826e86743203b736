import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { events } from '../../db/schema/index.js';

describe.each(testDatabases())('change feed and instance descriptor on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapter: { id: string };
  const created: string[] = [];

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapter = await createChapter(database.db);
    for (let i = 0; i < 5; i++) created.push((await createEvent(database.db, chapter)).id);
  });
  afterAll(() => database?.close());

  const walk = async (cursor?: string) => {
    const seen: { kind: string; id: string; state: string }[] = [];
    let resume = cursor;
    let next: string | undefined = cursor;
    do {
      const page = await t.client.GET('/v1/changes', {
        params: { query: { limit: 2, ...(next ? { cursor: next } : {}) } },
      });
      seen.push(...page.data.map((c) => ({ kind: c.kind, id: c.id, state: c.state })));
      resume = page.resumeCursor;
      next = page.nextCursor ?? undefined;
    } while (next);
    return { seen, resume: resume! };
  };

  it('mirrors every chapter and event from the start, chapter first, each once', async () => {
    const { seen } = await walk();
    expect(seen[0]).toEqual({ kind: 'chapter', id: chapter.id, state: 'updated' });
    expect(
      seen
        .filter((c) => c.kind === 'event')
        .map((c) => c.id)
        .sort(),
    ).toEqual([...created].sort());
    expect(new Set(seen.map((c) => `${c.kind}:${c.id}`)).size).toBe(seen.length);
  });

  it('resumes with only what changed since, tombstones included', async () => {
    const { resume } = await walk();
    await database.db
      .update(events)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(events.id, created[1]!));
    const added = await createEvent(database.db, chapter);
    const { seen, resume: later } = await walk(resume);
    // In the order they changed: the deletion, then the addition.
    expect(seen).toEqual([
      { kind: 'event', id: created[1], state: 'deleted' },
      { kind: 'event', id: added.id, state: 'updated' },
    ]);
    expect((await walk(later)).seen).toEqual([]);
  });

  it('gives tombstones without data and records with their origin', async () => {
    const page = await t.client.GET('/v1/changes', { params: { query: { limit: 100 } } });
    const tombstone = page.data.find((c) => c.state === 'deleted');
    expect(tombstone?.data).toBeNull();
    const live = page.data.find((c) => c.kind === 'event' && c.state === 'updated');
    expect(live?.origin).toBe(TEST_ORIGIN);
    expect(live?.data).toMatchObject({ id: live?.id, chapterId: chapter.id });
  });

  it('rejects a malformed or foreign cursor with 400', async () => {
    const events = await t.client.GET('/v1/events', {
      params: { query: { chapter: [chapter.id], limit: 1 } },
    });
    const response = await t.fetch(`http://hub.test/v1/changes?cursor=${events.nextCursor}`);
    expect(response.status).toBe(400);
  });

  it('describes the instance and the chapters it is authoritative for', async () => {
    const response = await t.fetch('http://hub.test/.well-known/oneteamgov');
    const descriptor = (await response.json()) as {
      chapters: string[];
      changesUrl: string;
      software: { name: string };
    };
    expect(descriptor.software.name).toBe('oneteamgov-hub');
    expect(descriptor.changesUrl).toBe(`${TEST_ORIGIN}/v1/changes`);
    expect(descriptor.chapters).toContain(chapter.id);
  });
});
