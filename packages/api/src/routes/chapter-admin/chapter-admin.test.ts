import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const newChapter = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: { en: 'One Team Gov Gwynedd', cy: 'Un Tîm Llywodraeth Gwynedd' },
  kind: 'local',
  country: 'GB',
  timeZone: 'Europe/London',
  languages: ['cy', 'en'],
  ...extra,
});

describe.each(testDatabases())('chapter writes on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let call: ReturnType<typeof rawCaller>;
  let admin: { id: string; secret: string };
  let parent: { id: string };
  let mine: { id: string };
  let theirs: { id: string };
  let organiser: { secret: string };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    call = rawCaller(t);
    admin = await createTestKey(database.db, [adminGrant]);
    parent = await createChapter(database.db, { kind: 'national' });
    mine = await createChapter(database.db, { parentId: parent.id });
    theirs = await createChapter(database.db);
    organiser = await createTestKey(database.db, organiserGrants(mine.id));
  });
  afterAll(() => database?.close());

  it('creates a chapter owned by this instance, listed, searchable and in the change feed', async () => {
    const id = uniqueId('gwynedd');
    const res = await call('POST', '/v1/chapters', {
      key: admin.secret,
      body: newChapter(id, {
        parentId: parent.id,
        locality: 'Caernarfon',
        location: { lat: 53.14, lng: -4.27 },
        socialLinks: [{ network: 'mastodon', url: 'https://mastodon.example/@otg' }],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/chapters/${id}`);
    expect(res.body).toMatchObject({
      id,
      parentId: parent.id,
      origin: TEST_ORIGIN,
      status: 'active',
      location: { lat: 53.14, lng: -4.27 },
      description: null,
    });
    const children = await t.client.GET('/v1/chapters', {
      params: { query: { parent: parent.id } },
    });
    expect(children.data.map((c) => c.id)).toContain(id);
    const search = await t.client.GET('/v1/chapters', {
      params: { query: { q: 'llywodraeth gwynedd' } },
    });
    expect(search.data.map((c) => c.id)).toEqual([id]);
    expect(await changedChapterIds()).toContain(id);
  });

  it('refuses a taken id with 409 and an unknown parent with a pointer', async () => {
    const taken = await call('POST', '/v1/chapters', {
      key: admin.secret,
      body: newChapter(mine.id),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('conflict');
    const orphan = await call('POST', '/v1/chapters', {
      key: admin.secret,
      body: newChapter(uniqueId('orphan'), { parentId: 'atlantis' }),
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors).toEqual([expect.objectContaining({ pointer: '/body/parentId' })]);
  });

  it.each([
    ['origin', { origin: 'https://elsewhere.example' }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ['updatedAt', { updatedAt: '2020-01-01T00:00:00Z' }],
    ['an unknown field', { members: 12 }],
    ['a bad slug', { id: 'Not A Slug' }],
    ['a bad time zone', { timeZone: 'Mars/Olympus' }],
    [
      'an extra key in a link',
      { socialLinks: [{ network: 'x', url: 'https://x.example', admin: true }] },
    ],
  ])('refuses a new chapter with %s (400)', async (_, extra) => {
    const res = await call('POST', '/v1/chapters', {
      key: admin.secret,
      body: newChapter(uniqueId('bad'), extra),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
  });

  it('needs an admin key to create: 401 anonymous, 403 organiser', async () => {
    const body = newChapter(uniqueId('nope'));
    expect((await call('POST', '/v1/chapters', { body })).status).toBe(401);
    const res = await call('POST', '/v1/chapters', { key: organiser.secret, body });
    expect(res.status).toBe(403);
  });

  it('lets an organiser patch their chapter, bumping it in the change feed', async () => {
    const before = await t.client.GET('/v1/chapters/{chapterId}', {
      params: { path: { chapterId: mine.id } },
    });
    const patched = await t.clientWithKey(organiser.secret).PATCH('/v1/chapters/{chapterId}', {
      params: { path: { chapterId: mine.id } },
      body: { status: 'dormant', locality: 'Bangor', website: 'https://bangor.example' },
    });
    expect(patched).toMatchObject({
      id: mine.id,
      status: 'dormant',
      locality: 'Bangor',
      parentId: parent.id,
    });
    expect(Date.parse(patched.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const found = await t.client.GET('/v1/chapters', { params: { query: { q: 'bangor' } } });
    expect(found.data.map((c) => c.id)).toEqual([mine.id]);
    // null clears an optional field.
    const cleared = await call('PATCH', `/v1/chapters/${mine.id}`, {
      key: organiser.secret,
      body: { website: null },
    });
    expect(cleared.body.website).toBeNull();
    expect(cleared.body.locality).toBe('Bangor');
    const changes = await t.client.GET('/v1/changes', { params: { query: { limit: 100 } } });
    const last = changes.data.filter((c) => c.id === mine.id).at(-1);
    expect(last).toMatchObject({ kind: 'chapter', state: 'updated' });
  });

  it.each([
    ['id', { id: 'renamed' }],
    ['origin', { origin: 'https://elsewhere.example' }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ['nothing at all', {}],
    ['a null name', { name: null }],
  ])('refuses a patch of %s (400)', async (_, body) => {
    const res = await call('PATCH', `/v1/chapters/${mine.id}`, { key: organiser.secret, body });
    expect(res.status).toBe(400);
  });

  it('refuses a parent that would make a loop', async () => {
    const res = await call('PATCH', `/v1/chapters/${parent.id}`, {
      key: admin.secret,
      body: { parentId: mine.id },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/body/parentId');
  });

  it("answers another chapter's organiser exactly as for a missing chapter", async () => {
    const other = await call('PATCH', `/v1/chapters/${theirs.id}`, {
      key: organiser.secret,
      body: { status: 'dormant' },
    });
    const missing = await call('PATCH', '/v1/chapters/atlantis', {
      key: admin.secret,
      body: { status: 'dormant' },
    });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body.detail).toBe(`No chapter with id "${theirs.id}"`);
    expect(missing.body.detail).toBe('No chapter with id "atlantis"');
    expect(
      (await call('PATCH', `/v1/chapters/${theirs.id}`, { body: { status: 'dormant' } })).status,
    ).toBe(401);
  });

  it('refuses to change a chapter whose origin is another instance', async () => {
    const mirrored = await createChapter(database.db, { origin: 'https://node.example' });
    const res = await call('PATCH', `/v1/chapters/${mirrored.id}`, {
      key: admin.secret,
      body: { status: 'dormant' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('https://node.example');
  });

  async function changedChapterIds() {
    const ids: string[] = [];
    for await (const change of t.client.paginate('/v1/changes', {
      params: { query: { limit: 100 } },
    })) {
      if (change.kind === 'chapter') ids.push(change.id);
    }
    return ids;
  }
});
