import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { json, keyedRequests } from '../helpers/member-requests.js';
import { createTestApp } from '../helpers/test-app.js';
import { dumpEveryTable, tablesMentioning } from './database-dump.js';

const NAME = 'Bronwen Erasable-Testperson';
const EMAIL = 'Bronwen.Erasable@example.gov.uk';

describe.each(testDatabases())('right to erasure on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  let organiser: ReturnType<typeof keyedRequests>;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapterId = (await createChapter(database.db)).id;
    organiser = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(chapterId))).secret,
    );
  });
  afterAll(() => database?.close());

  it('leaves no trace of the name or e-mail in any table', async () => {
    // Everything that could keep a copy: idempotent responses, a public profile, the audit log.
    const created = await organiser.send(
      'POST',
      `/v1/chapters/${chapterId}/members`,
      { name: NAME, email: EMAIL, organisation: 'Erasure Office' },
      { 'idempotency-key': 'create-1' },
    );
    expect(created.status).toBe(201);
    const { id } = await json(created);
    await organiser.addMember(chapterId, { name: 'Stays Here', email: 'stays@example.org' });
    const writes: [string, string, unknown][] = [
      ['PUT', `/v1/members/${id}/consents/publicProfile`, { granted: true, noticeVersion: 'v1' }],
      ['PATCH', `/v1/members/${id}`, { role: 'organiser' }],
    ];
    for (const [method, path, body] of writes) {
      const response = await organiser.send(method, path, body, {
        'idempotency-key': `${method}-${id}`,
      });
      expect(response.status).toBe(200);
    }
    expect((await organiser.send('GET', `/v1/members/${id}/export`)).status).toBe(200);
    await t.client.GET('/v1/chapters/{chapterId}/membership', { params: { path: { chapterId } } });

    const before = await dumpEveryTable(database.db);
    // The dump does see the data while the person is a member (the check is not vacuous):
    // their consented public profile is in the aggregates and in the announcement of them.
    expect(tablesMentioning(before, EMAIL)).toEqual(['members']);
    expect(tablesMentioning(before, NAME).sort()).toEqual([
      'members',
      'membership_aggregates',
      'outbox',
    ]);
    const storedAbout = (dump: Map<string, string[]>) =>
      dump.get('idempotency_keys')?.filter((row) => row.includes(id)) ?? [];
    expect(storedAbout(before)).toHaveLength(3);

    const erased = await organiser.send('POST', `/v1/members/${id}/erasure`, undefined, {
      'idempotency-key': 'erase-1',
    });
    expect(erased.status).toBe(204);

    const after = await dumpEveryTable(database.db);
    expect(after.size).toBeGreaterThan(5);
    expect(tablesMentioning(after, EMAIL)).toEqual([]);
    expect(tablesMentioning(after, NAME)).toEqual([]);
    expect(tablesMentioning(after, 'Bronwen')).toEqual([]);
    // Stored responses about them are gone; only the erasure's own empty 204 names the id.
    expect(storedAbout(after)).toHaveLength(1);
    expect(storedAbout(after)[0]).toContain(',204,');
    // The audit log keeps what happened to the opaque id, nothing more.
    expect(after.get('audit_log')?.filter((row) => row.includes(id))).toHaveLength(4);
    expect(after.get('member_suppressions')).toHaveLength(1);
    expect(tablesMentioning(after, 'Stays Here')).toContain('members');

    expect((await organiser.send('GET', `/v1/members/${id}`)).status).toBe(404);
    // A late retry of the original "add" cannot bring them back.
    const lateRetry = await organiser.send(
      'POST',
      `/v1/chapters/${chapterId}/members`,
      { name: NAME, email: EMAIL, organisation: 'Erasure Office' },
      { 'idempotency-key': 'create-1' },
    );
    expect(lateRetry.status).toBe(409);
    expect(tablesMentioning(await dumpEveryTable(database.db), EMAIL)).toEqual([]);
    const replay = await organiser.send('POST', `/v1/members/${id}/erasure`, undefined, {
      'idempotency-key': 'erase-1',
    });
    expect(replay.status).toBe(204);
    const figures = await t.client.GET('/v1/chapters/{chapterId}/membership', {
      params: { path: { chapterId } },
    });
    expect(figures).toMatchObject({ memberCount: 1, organiserCount: 0, publicProfiles: [] });
  });

  it('keeps an erased person out of later imports until they ask to rejoin', async () => {
    const imported = await organiser.send('POST', `/v1/chapters/${chapterId}/members/import`, {
      members: [
        { name: NAME, email: EMAIL.toUpperCase() },
        { name: 'Newcomer', email: 'newcomer@example.org' },
      ],
    });
    expect(await json(imported)).toEqual({ created: 1, skippedErased: 1, skippedExisting: 0 });
    expect(tablesMentioning(await dumpEveryTable(database.db), EMAIL)).toEqual([]);

    // They asked to rejoin: an individual add brings them back and lifts the suppression.
    const back = await organiser.addMember(chapterId, { name: NAME, email: EMAIL });
    expect(back.consents).toEqual({ publicProfile: null, contactable: null });
    const dump = await dumpEveryTable(database.db);
    expect(dump.get('member_suppressions')).toEqual([]);
    await organiser.send('DELETE', `/v1/members/${back.id}`);
    const again = await organiser.send('POST', `/v1/chapters/${chapterId}/members/import`, {
      members: [{ name: NAME, email: EMAIL }],
    });
    expect(await json(again)).toEqual({ created: 1, skippedErased: 0, skippedExisting: 0 });
  });
});
