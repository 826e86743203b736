import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWithWorker } from '../../../test/helpers/app-with-worker.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import type { Database } from '../../db/client.js';

const SECRET_URL = 'https://calendar.example.org/private/s3cr3t-token/basic.ics?key=hunter2';

describe.each(testDatabases())('source writes on $name', (backend) => {
  let database: Database;
  let hub: ReturnType<typeof createAppWithWorker>;
  let call: ReturnType<typeof rawCaller>;
  let mine: { id: string };
  let theirs: { id: string };
  let organiser: { id: string; secret: string };
  let admin: { secret: string };

  beforeAll(async () => {
    database = await backend.open();
    hub = createAppWithWorker(database);
    call = rawCaller(hub);
    mine = await createChapter(database.db);
    theirs = await createChapter(database.db);
    organiser = await createTestKey(database.db, organiserGrants(mine.id));
    admin = await createTestKey(database.db, [adminGrant]);
  });
  afterAll(() => database?.close());

  const addSource = (chapterId: string, body: Record<string, unknown>, key = organiser.secret) =>
    call('POST', `/v1/chapters/${chapterId}/sources`, { key, body });

  it('adds a source, never echoing its URL, and shows it in the public list', async () => {
    const id = uniqueId('cal');
    const res = await addSource(mine.id, { id, kind: 'ics', url: SECRET_URL, intervalMinutes: 30 });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/sources/${id}`);
    expect(res.body).toMatchObject({
      id,
      chapterId: mine.id,
      kind: 'ics',
      endpoint: 'https://calendar.example.org',
      intervalMinutes: 30,
      status: 'ok',
    });
    expect(res.text).not.toMatch(/s3cr3t|hunter2|private/);
    const list = await call('GET', `/v1/sources?chapter=${mine.id}`);
    expect(list.body.data.map((s: { id: string }) => s.id)).toContain(id);
    const generated = await addSource(mine.id, { kind: 'instance', url: 'https://node.example' });
    expect(generated.status).toBe(201);
    expect(generated.body.id).toMatch(/^src_/);
  });

  it.each([
    ['a non-http URL', { kind: 'ics', url: 'file:///etc/passwd' }],
    ['a URL over 2000 characters', { kind: 'ics', url: `https://x.example/${'a'.repeat(2000)}` }],
    [
      'an interval under 5 minutes',
      { kind: 'ics', url: 'https://x.example/a.ics', intervalMinutes: 1 },
    ],
    [
      'an interval over a week',
      { kind: 'ics', url: 'https://x.example/a.ics', intervalMinutes: 10081 },
    ],
    ['an unknown kind', { kind: 'rss', url: 'https://x.example/feed' }],
    ['a server-controlled field', { kind: 'ics', url: 'https://x.example/a.ics', status: 'ok' }],
    ['a chapter of its own', { kind: 'ics', url: 'https://x.example/a.ics', chapterId: 'uk' }],
  ])('refuses %s with 400', async (_, body) => {
    const res = await addSource(mine.id, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
  });

  it('refuses a taken id with 409, even when another chapter holds it', async () => {
    const id = uniqueId('taken');
    expect(
      (await addSource(theirs.id, { id, kind: 'ics', url: SECRET_URL }, admin.secret)).status,
    ).toBe(201);
    const res = await addSource(mine.id, { id, kind: 'ics', url: 'https://x.example/a.ics' });
    expect(res.status).toBe(409);
    // The other chapter's source is untouched.
    const kept = await call('GET', `/v1/sources/${id}`);
    expect(kept.body.chapterId).toBe(theirs.id);
  });

  it("answers another chapter's source exactly as a missing one", async () => {
    const theirSource = uniqueId('theirs');
    await addSource(theirs.id, { id: theirSource, kind: 'ics', url: SECRET_URL }, admin.secret);
    const requests: [string, string, unknown][] = [
      ['PATCH', '', { intervalMinutes: 15 }],
      ['DELETE', '', undefined],
      ['POST', '/sync', undefined],
      ['POST', '/approve', undefined],
    ];
    for (const [method, suffix, body] of requests) {
      const other = await call(method, `/v1/sources/${theirSource}${suffix}`, {
        key: organiser.secret,
        body,
      });
      const missing = await call(method, `/v1/sources/nope${suffix}`, {
        key: organiser.secret,
        body,
      });
      expect([other.status, missing.status]).toEqual([404, 404]);
      expect(other.body.detail).toBe(missing.body.detail.replace('nope', theirSource));
      expect((await call(method, `/v1/sources/${theirSource}${suffix}`, { body })).status).toBe(
        401,
      );
    }
    const addToTheirs = await addSource(theirs.id, { kind: 'ics', url: SECRET_URL });
    const addToNowhere = await addSource('atlantis', { kind: 'ics', url: SECRET_URL });
    expect([addToTheirs.status, addToNowhere.status]).toEqual([404, 404]);
    expect(addToTheirs.body.detail).toBe(`No chapter with id "${theirs.id}"`);
    // Nothing changed on their side.
    expect((await call('GET', `/v1/sources/${theirSource}`)).body.intervalMinutes).toBe(60);
  });

  it('changes the interval or URL, makes it due on request, and removes it', async () => {
    const id = uniqueId('cal');
    await addSource(mine.id, { id, kind: 'ics', url: SECRET_URL, intervalMinutes: 60 });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const patched = await call('PATCH', `/v1/sources/${id}`, {
      key: organiser.secret,
      body: { intervalMinutes: 120, url: 'https://other.example.org/cal.ics' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      intervalMinutes: 120,
      endpoint: 'https://other.example.org',
    });
    expect(
      (await call('PATCH', `/v1/sources/${id}`, { key: organiser.secret, body: {} })).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `/v1/sources/${id}`, {
          key: organiser.secret,
          body: { kind: 'instance' },
        })
      ).status,
    ).toBe(400);

    const synced = await call('POST', `/v1/sources/${id}/sync`, { key: organiser.secret });
    expect(synced.status).toBe(202);
    expect(Date.parse(synced.body.nextAttemptAt)).toBeLessThanOrEqual(Date.now());
    expect(synced.body.nextAttemptAt < later).toBe(true);

    expect((await call('DELETE', `/v1/sources/${id}`, { key: organiser.secret })).status).toBe(204);
    expect((await call('GET', `/v1/sources/${id}`)).status).toBe(404);
    expect((await call('POST', `/v1/sources/${id}/sync`, { key: organiser.secret })).status).toBe(
      404,
    );
  });
});
