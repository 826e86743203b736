import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createChapter } from '../../test/helpers/fixtures.js';
import { adminGrant, createTestKey } from '../../test/helpers/keys.js';
import { createTestApp } from '../../test/helpers/test-app.js';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';

describe.each(testDatabases())('stored idempotent responses on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let admin: string;
  let chapterId: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    admin = (await createTestKey(database.db, [adminGrant])).secret;
    chapterId = (await createChapter(database.db)).id;
  });
  afterAll(() => database?.close());

  const createKey = (idempotencyKey: string) =>
    t.fetch('http://hub.test/v1/keys', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ name: 'site', grants: [{ scope: 'events:write', chapterId }] }),
    });

  it('replays a new key’s secret to the retrying client but keeps neither secret nor idempotency key readable', async () => {
    const idempotencyKey = `retry-${Date.now()}`;
    const first = await createKey(idempotencyKey);
    expect(first.status).toBe(201);
    const body = await first.text();
    const { secret } = JSON.parse(body) as { secret: string };

    const replay = await createKey(idempotencyKey);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(body);

    const rows = await database.db.select().from(idempotencyKeys);
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(4, 20));
    expect(dump).not.toContain(idempotencyKey);
  });

  it('records what a response is about, so erasure can find it without reading it', async () => {
    const res = await t.fetch(`http://hub.test/v1/chapters/${chapterId}/members`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'idempotency-key': `member-${Date.now()}`,
      },
      body: JSON.stringify({ name: 'Sealed Person', email: 'sealed.person@example.org' }),
    });
    const member = (await res.json()) as { id: string };
    const rows = await database.db.select().from(idempotencyKeys);
    const row = rows.find((r) => r.subjects.includes(member.id));
    expect(row?.subjects).toEqual(expect.arrayContaining([chapterId, member.id]));
    expect(JSON.stringify(rows)).not.toContain('sealed.person@example.org');
  });
});
