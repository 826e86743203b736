import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

interface Entry {
  id: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id: string };
  chapterId: string | null;
  inputHash: string | null;
}

describe.each(testDatabases())('audit log on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let call: ReturnType<typeof rawCaller>;
  let admin: { id: string; secret: string };
  let organiser: { id: string; secret: string };
  let chapter: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    call = rawCaller(t);
    chapter = await createChapter(database.db);
    other = await createChapter(database.db);
    admin = await createTestKey(database.db, [adminGrant]);
    organiser = await createTestKey(database.db, organiserGrants(chapter.id));
  });
  afterAll(() => database?.close());

  const audit = async (query = '') => {
    const res = await call('GET', `/v1/audit?limit=100${query}`, { key: admin.secret });
    expect(res.status).toBe(200);
    return res.body.data as Entry[];
  };

  it('records each write with the key as actor and a hash, never the body', async () => {
    const marker = `private-note-${uniqueId('x')}`;
    const newId = uniqueId('made');
    const made = await call('POST', '/v1/chapters', {
      key: admin.secret,
      body: {
        id: newId,
        name: { en: 'Audited' },
        kind: 'local',
        timeZone: 'Europe/London',
        languages: ['en'],
        contact: marker,
      },
    });
    expect(made.status).toBe(201);
    const patched = await call('PATCH', `/v1/chapters/${chapter.id}`, {
      key: organiser.secret,
      body: { locality: marker },
    });
    expect(patched.status).toBe(200);
    const key = await call('POST', '/v1/keys', {
      key: admin.secret,
      body: { name: marker, grants: [adminGrant] },
    });
    await call('DELETE', `/v1/keys/${key.body.id}`, { key: admin.secret });

    const entries = await audit();
    expect(entries.slice(0, 4).map((e) => [e.action, e.actor, e.target])).toEqual([
      ['key.revoke', { type: 'key', id: admin.id }, { type: 'key', id: key.body.id }],
      ['key.create', { type: 'key', id: admin.id }, { type: 'key', id: key.body.id }],
      ['chapter.update', { type: 'key', id: organiser.id }, { type: 'chapter', id: chapter.id }],
      ['chapter.create', { type: 'key', id: admin.id }, { type: 'chapter', id: newId }],
    ]);
    expect(entries[2]!.inputHash).toMatch(/\S{16,}/);
    expect(entries[3]!.chapterId).toBe(newId);
    const raw = (await call('GET', '/v1/audit?limit=100', { key: admin.secret })).text;
    expect(raw).not.toContain(marker);
    expect(raw).not.toContain(key.body.secret);
  });

  it('does not record refused writes', async () => {
    const before = (await audit()).length;
    await call('PATCH', `/v1/chapters/${other.id}`, {
      key: organiser.secret,
      body: { locality: 'x' },
    });
    await call('POST', '/v1/keys', {
      key: organiser.secret,
      body: { name: 'x', grants: [adminGrant] },
    });
    expect((await audit()).length).toBe(before);
  });

  it('filters by chapter and by actor', async () => {
    await call('PATCH', `/v1/chapters/${other.id}`, {
      key: admin.secret,
      body: { locality: 'Oslo' },
    });
    const byChapter = await audit(`&chapter=${other.id}`);
    expect(byChapter.map((e) => [e.action, e.chapterId])).toEqual([['chapter.update', other.id]]);
    const byActor = await audit(`&actor=${organiser.id}`);
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor.id === organiser.id)).toBe(true);
  });

  it('pages newest first without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) {
      await call('PATCH', `/v1/chapters/${chapter.id}`, {
        key: organiser.secret,
        body: { locality: `Place ${i}` },
      });
    }
    const all = await audit();
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        key: admin.secret,
      });
      paged.push(...res.body.data);
      cursor = res.body.nextCursor;
      if (cursor) expect(res.headers.get('link')).toContain('rel="next"');
    } while (cursor);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = paged.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('is for admins only, and refuses a forged cursor', async () => {
    expect((await call('GET', '/v1/audit')).status).toBe(401);
    const forbidden = await call('GET', '/v1/audit', { key: organiser.secret });
    expect(forbidden.status).toBe(403);
    const forged = await call('GET', '/v1/audit?cursor=bm90LWEtY3Vyc29y', { key: admin.secret });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_cursor');
  });
});
