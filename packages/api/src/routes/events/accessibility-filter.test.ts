import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const DAY = 86_400_000;

describe.each(testDatabases())('filtering events by accessibility on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  const ids: Record<'both' | 'stepFree' | 'none', string> = { both: '', stepFree: '', none: '' };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const chapter = await createChapter(database.db);
    chapterId = chapter.id;
    const at = (days: number) => new Date(Date.now() + days * DAY);
    ids.both = (
      await createEvent(database.db, chapter, {
        title: { en: 'Step-free, with a hearing loop' },
        startsAt: at(1),
        accessibility: { features: ['stepFreeAccess', 'hearingLoop'], notes: null },
      })
    ).id;
    ids.stepFree = (
      await createEvent(database.db, chapter, {
        title: { en: 'Step-free only' },
        startsAt: at(2),
        accessibility: { features: ['stepFreeAccess'], notes: { en: 'Ramp at the side door' } },
      })
    ).id;
    ids.none = (
      await createEvent(database.db, chapter, { title: { en: 'Nothing said' }, startsAt: at(3) })
    ).id;
  });
  afterAll(() => database?.close());

  const ids_of = async (path: string) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { id: string }[] }).data.map((e) => e.id);
  };

  it('lists only events offering every feature named', async () => {
    expect(await ids_of(`/v1/events?chapter=${chapterId}&accessibility=stepFreeAccess`)).toEqual([
      ids.both,
      ids.stepFree,
    ]);
    expect(
      await ids_of(`/v1/events?chapter=${chapterId}&accessibility=stepFreeAccess,hearingLoop`),
    ).toEqual([ids.both]);
    expect(
      await ids_of(
        `/v1/chapters/${chapterId}/events?accessibility=stepFreeAccess&accessibility=hearingLoop`,
      ),
    ).toEqual([ids.both]);
    expect(await ids_of(`/v1/events?chapter=${chapterId}&accessibility=signLanguage`)).toEqual([]);
  });

  it('filters calendar feeds the same way', async () => {
    const ics = await (
      await t.app.request(`/v1/chapters/${chapterId}/events.ics?accessibility=hearingLoop`)
    ).text();
    expect(ics).toContain(`UID:${ids.both}@`);
    expect(ics).not.toContain(`UID:${ids.stepFree}@`);
    expect(ics).not.toContain(`UID:${ids.none}@`);
  });

  it('refuses a feature that is not in the list, naming the parameter', async () => {
    const response = await t.app.request(`/v1/events?accessibility=wheelchair`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toMatch(/^\/query\/accessibility/);
  });
});
