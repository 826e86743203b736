import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { json, keyedRequests } from '../../../test/helpers/member-requests.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const NOW = new Date('2026-05-04T10:00:00.000Z');

describe.each(testDatabases())('consent, import and export on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  let organiser: ReturnType<typeof keyedRequests>;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database, { now: () => NOW });
    chapterId = (await createChapter(database.db)).id;
    organiser = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(chapterId))).secret,
    );
  });
  afterAll(() => database?.close());

  const summary = () =>
    t.client.GET('/v1/chapters/{chapterId}/membership', { params: { path: { chapterId } } });
  const consent = (memberId: string, purpose: string, body: unknown) =>
    organiser.send('PUT', `/v1/members/${memberId}/consents/${purpose}`, body);

  it('records consent with server time and notice version, and honours its withdrawal', async () => {
    const member = await organiser.addMember(chapterId, {
      name: 'Rhian Public',
      email: 'rhian@example.gov.uk',
      role: 'organiser',
      organisation: 'Cardiff Council',
    });
    await organiser.addMember(chapterId, { name: 'Private Person', email: 'private@ex.org' });
    const granted = await consent(member.id, 'publicProfile', {
      granted: true,
      noticeVersion: '2026-01',
    });
    expect(granted.status).toBe(200);
    expect((await json(granted)).consents).toEqual({
      publicProfile: { granted: true, recordedAt: NOW.toISOString(), noticeVersion: '2026-01' },
      contactable: null,
    });
    expect((await summary()).publicProfiles).toEqual([
      { id: member.id, name: 'Rhian Public', role: 'organiser', organisation: 'Cardiff Council' },
    ]);

    await consent(member.id, 'contactable', { granted: true, noticeVersion: '2026-01' });
    const withdrawn = await consent(member.id, 'publicProfile', {
      granted: false,
      noticeVersion: '2026-02',
    });
    expect((await json(withdrawn)).consents.publicProfile).toMatchObject({
      granted: false,
      noticeVersion: '2026-02',
    });
    expect((await summary()).publicProfiles).toEqual([]);

    const exported = await organiser.send('GET', `/v1/members/${member.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(exported.headers.get('cache-control')).toBe('private, no-store');
    const document = await json(exported);
    expect(document.member).toMatchObject({ id: member.id, email: 'rhian@example.gov.uk' });
    expect(document.consentHistory.map((c: { purpose: string; granted: boolean }) => c)).toEqual([
      expect.objectContaining({
        purpose: 'publicProfile',
        granted: true,
        noticeVersion: '2026-01',
      }),
      expect.objectContaining({ purpose: 'contactable', granted: true }),
      expect.objectContaining({
        purpose: 'publicProfile',
        granted: false,
        noticeVersion: '2026-02',
      }),
    ]);
    expect(document.auditEntries.map((e: { action: string }) => e.action)).toEqual([
      'member.create',
      'member.consent',
      'member.consent',
      'member.consent',
    ]);
    expect(Object.keys(document.auditEntries[0]).sort()).toEqual(['action', 'at', 'id']);
  });

  it('refuses unknown purposes and unbounded or extra consent fields', async () => {
    const member = await organiser.addMember(chapterId, { name: 'Al', email: 'al@ex.org' });
    const cases: [string, unknown][] = [
      ['marketing', { granted: true, noticeVersion: 'v1' }],
      ['publicProfile', { granted: 'yes', noticeVersion: 'v1' }],
      ['publicProfile', { granted: true }],
      ['publicProfile', { granted: true, noticeVersion: 'v'.repeat(51) }],
      ['publicProfile', { granted: true, noticeVersion: 'v1', recordedAt: NOW.toISOString() }],
    ];
    for (const [purpose, body] of cases)
      expect((await consent(member.id, purpose, body)).status).toBe(400);
    expect(
      (await consent('mem_missing', 'contactable', { granted: true, noticeVersion: 'v1' })).status,
    ).toBe(404);
  });

  it('imports new people once and skips those already in the chapter', async () => {
    const chapter = (await createChapter(database.db)).id;
    const requests = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(chapter))).secret,
    );
    await requests.addMember(chapter, { name: 'Already', email: 'already@ex.org' });
    const response = await requests.send('POST', `/v1/chapters/${chapter}/members/import`, {
      members: [
        { name: 'New One', email: 'one@ex.org', joinedOn: '2025-11-02' },
        { name: 'New Two', email: 'two@ex.org', role: 'organiser', organisation: 'HMRC' },
        { name: 'Already again', email: 'ALREADY@ex.org' },
        { name: 'One again', email: 'One@ex.org' },
      ],
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ created: 2, skippedExisting: 2, skippedErased: 0 });
    const list = await requests.send('GET', `/v1/chapters/${chapter}/members`);
    expect((await json(list)).data.map((m: { consents: unknown }) => m.consents)).toEqual(
      Array(3).fill({ publicProfile: null, contactable: null }),
    );
    const figures = await t.client.GET('/v1/chapters/{chapterId}/membership', {
      params: { path: { chapterId: chapter } },
    });
    expect(figures).toMatchObject({ memberCount: 3, organiserCount: 1, organisations: 1 });
    expect(figures.growthByMonth).toEqual([
      { month: '2025-11', joined: 1 },
      { month: '2026-05', joined: 2 },
    ]);

    const tooMany = Array.from({ length: 501 }, (_, i) => ({
      name: `P${i}`,
      email: `p${i}@ex.org`,
    }));
    for (const body of [{ members: tooMany }, { members: [] }, { members: [{ name: 'x' }] }, {}])
      expect(
        (await requests.send('POST', `/v1/chapters/${chapter}/members/import`, body)).status,
      ).toBe(400);
  });
});
