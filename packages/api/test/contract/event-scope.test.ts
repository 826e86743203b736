import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestApp } from '../helpers/test-app.js';

type Page = { data: { id: string; chapterId: string }[] };

describe.each(testDatabases())('which events a list covers on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  const ids: Record<string, string> = {};
  const chapter: Record<string, string> = {};

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    // uk → north → north-leeds (two levels), uk → wales; sweden unrelated.
    const uk = await createChapter(database.db, { kind: 'national' });
    const north = await createChapter(database.db, { kind: 'regional', parentId: uk.id });
    const leeds = await createChapter(database.db, { parentId: north.id });
    const wales = await createChapter(database.db, { kind: 'regional', parentId: uk.id });
    const sweden = await createChapter(database.db, { kind: 'national', country: 'SE' });
    Object.assign(chapter, { uk: uk.id, north: north.id, wales: wales.id, sweden: sweden.id });
    for (const [name, c] of Object.entries({ uk, north, leeds, wales, sweden })) {
      ids[name] = (await createEvent(database.db, c)).id;
    }
    // Either side of the antimeridian (Fiji and Samoa are about 2 km apart here).
    const pacific = await createChapter(database.db, { country: 'FJ', timeZone: 'Pacific/Fiji' });
    chapter.pacific = pacific.id;
    const at = (lng: number) => ({
      attendanceMode: 'inPerson' as const,
      venue: {
        name: 'Hall',
        address: null,
        locality: null,
        postalCode: null,
        country: 'FJ',
        lat: -16.5,
        lng,
        addressVisibility: 'public' as const,
      },
    });
    ids.east = (await createEvent(database.db, pacific, at(179.99))).id;
    ids.west = (await createEvent(database.db, pacific, at(-179.99))).id;
    ids.far = (await createEvent(database.db, pacific, at(170))).id;
  });
  afterAll(() => database?.close());

  const list = async (path: string) => {
    const response = await t.app.request(path);
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as Page).data.map((e) => e.id).sort();
  };

  it('lists only the named chapter unless subchapters are asked for', async () => {
    expect(await list(`/v1/events?chapter=${chapter.uk}`)).toEqual([ids.uk]);
    expect(await list(`/v1/events?chapter=${chapter.uk}&includeSubchapters=false`)).toEqual([
      ids.uk,
    ]);
  });

  it('includes subchapters at any depth with includeSubchapters=true', async () => {
    const expected = [ids.uk, ids.north, ids.leeds, ids.wales].sort();
    expect(await list(`/v1/events?chapter=${chapter.uk}&includeSubchapters=true`)).toEqual(
      expected,
    );
    expect(await list(`/v1/chapters/${chapter.uk}/events?includeSubchapters=true`)).toEqual(
      expected,
    );
    expect(
      await list(`/v1/events?chapter=${chapter.north},${chapter.sweden}&includeSubchapters=true`),
    ).toEqual([ids.north, ids.leeds, ids.sweden].sort());
  });

  it('puts subchapters in the calendar feed too', async () => {
    const response = await t.app.request(
      `/v1/chapters/${chapter.uk}/events.ics?includeSubchapters=true`,
    );
    const body = await response.text();
    for (const name of ['uk', 'north', 'leeds', 'wales']) expect(body).toContain(ids[name]);
    expect(body).not.toContain(ids.sweden);
  });

  it('refuses anything but true or false', async () => {
    const response = await t.app.request(`/v1/events?chapter=${chapter.uk}&includeSubchapters=1`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toBe('/query/includeSubchapters');
  });

  it('finds events across the antimeridian from either side', async () => {
    const scope = `chapter=${chapter.pacific}&radiusKm=50`;
    expect(await list(`/v1/events?${scope}&near=-16.5,-179.99`)).toEqual(
      [ids.east, ids.west].sort(),
    );
    expect(await list(`/v1/events?${scope}&near=-16.5,179.99`)).toEqual(
      [ids.east, ids.west].sort(),
    );
    expect(await list(`/v1/events?${scope}&near=-16.5,170.2`)).toEqual([ids.far]);
  });
});
