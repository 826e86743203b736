import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { json, keyedRequests } from '../../../test/helpers/member-requests.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('members on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;
  let organiser: ReturnType<typeof keyedRequests>;
  let secret: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    chapterId = (await createChapter(database.db)).id;
    secret = (await createTestKey(database.db, organiserGrants(chapterId))).secret;
    organiser = keyedRequests(t, secret);
  });
  afterAll(() => database?.close());

  const summary = (id = chapterId) =>
    t.client.GET('/v1/chapters/{chapterId}/membership', { params: { path: { chapterId: id } } });

  it('adds a private member, with a Location, and counts them without showing them', async () => {
    const response = await organiser.send('POST', `/v1/chapters/${chapterId}/members`, {
      name: 'Gwen Jones',
      email: 'Gwen.Jones@example.gov.uk',
      organisation: 'Welsh Government',
      joinedOn: '2026-02-03',
    });
    expect(response.status).toBe(201);
    const member = await json(response);
    expect(response.headers.get('location')).toBe(`/v1/members/${member.id}`);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(member).toMatchObject({
      chapterId,
      name: 'Gwen Jones',
      role: 'member',
      consents: { publicProfile: null, contactable: null },
    });
    const fetched = await t
      .clientWithKey(secret)
      .GET('/v1/members/{memberId}', { params: { path: { memberId: member.id } } });
    expect(fetched).toEqual(member);
    expect(await summary()).toEqual({
      chapterId,
      memberCount: 1,
      organiserCount: 0,
      organisations: 1,
      growthByMonth: [{ month: '2026-02', joined: 1 }],
      publicProfiles: [],
    });
  });

  it('refuses the same e-mail twice in a chapter, whatever its case', async () => {
    const response = await organiser.send('POST', `/v1/chapters/${chapterId}/members`, {
      name: 'Someone else',
      email: 'gwen.jones@EXAMPLE.gov.uk',
    });
    expect(response.status).toBe(409);
    const problem = await json(response);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/body/email' })]);
    expect(JSON.stringify(problem)).not.toMatch(/gwen/i);
  });

  it.each([
    [{ name: 'x', email: 'not-an-email' }, '/body/email'],
    [{ name: '', email: 'a@example.org' }, '/body/name'],
    [{ name: 'n'.repeat(201), email: 'a@example.org' }, '/body/name'],
    [{ name: 'x', email: `${'a'.repeat(310)}@example.org` }, '/body/email'],
    [{ name: 'x', email: 'a@example.org', role: 'owner' }, '/body/role'],
    [{ name: 'x', email: 'a@example.org', joinedOn: '2026-13-01' }, '/body/joinedOn'],
    [{ name: 'x', email: 'a@example.org', id: 'mem_1' }, '/body/id'],
    [{ name: 'x', email: 'a@example.org', consents: {} }, '/body/consents'],
  ])('refuses %j naming %s', async (body, pointer) => {
    const response = await organiser.send('POST', `/v1/chapters/${chapterId}/members`, body);
    expect(response.status).toBe(400);
    const problem = await json(response);
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('pages through members with a cursor bound to its filter', async () => {
    const chapter = (await createChapter(database.db)).id;
    const key = (await createTestKey(database.db, organiserGrants(chapter))).secret;
    const requests = keyedRequests(t, key);
    const roles = ['member', 'organiser', 'member', 'admin', 'member'];
    const ids: string[] = [];
    for (const [i, role] of roles.entries())
      ids.push(
        (await requests.addMember(chapter, { name: `P${i}`, email: `p${i}@ex.org`, role })).id,
      );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = await t
        .clientWithKey(key)
        .GET('/v1/chapters/{chapterId}/members', {
          params: {
            path: { chapterId: chapter },
            query: { limit: 2, ...(cursor ? { cursor } : {}) },
          },
        });
      seen.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const firstMembers = await requests.send(
      'GET',
      `/v1/chapters/${chapter}/members?role=member&limit=1`,
    );
    const page = await json(firstMembers);
    expect(page.data.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(firstMembers.headers.get('link')).toContain('rel="next"');
    const replayed = await requests.send(
      'GET',
      `/v1/chapters/${chapter}/members?role=admin&cursor=${page.nextCursor}`,
    );
    expect(replayed.status).toBe(400);
    expect((await requests.send('GET', `/v1/chapters/${chapter}/members?limit=101`)).status).toBe(
      400,
    );
    expect(await summary(chapter)).toMatchObject({ memberCount: 5, organiserCount: 2 });
  });

  it('changes only the fields sent and refuses server fields and taken e-mails', async () => {
    const a = await organiser.addMember(chapterId, { name: 'Ann', email: 'ann@ex.org' });
    await organiser.addMember(chapterId, { name: 'Bob', email: 'bob@ex.org' });
    const patched = await organiser.send('PATCH', `/v1/members/${a.id}`, {
      role: 'organiser',
      organisation: null,
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      name: 'Ann',
      role: 'organiser',
      organisation: null,
    });
    for (const body of [{ chapterId: 'x' }, { id: 'y' }, { consents: {} }, { createdAt: 'z' }])
      expect((await organiser.send('PATCH', `/v1/members/${a.id}`, body)).status).toBe(400);
    expect(
      (await organiser.send('PATCH', `/v1/members/${a.id}`, { email: 'BOB@ex.org' })).status,
    ).toBe(409);
  });

  it('answers one 404 for members and chapters that are not the key’s, and 401 without a key', async () => {
    const member = await organiser.addMember(chapterId, { name: 'Cai', email: 'cai@ex.org' });
    const other = (await createChapter(database.db)).id;
    const outsider = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(other))).secret,
    );
    const reader = keyedRequests(
      t,
      (await createTestKey(database.db, [{ scope: 'members:read', chapterId }])).secret,
    );
    const notYours = await outsider.send('GET', `/v1/members/${member.id}`);
    const missing = await outsider.send('GET', '/v1/members/mem_doesnotexist');
    expect(notYours.status).toBe(404);
    expect((await json(notYours)).detail).toBe(`No member with id "${member.id}"`);
    expect((await json(missing)).detail).toBe('No member with id "mem_doesnotexist"');

    expect((await outsider.send('GET', `/v1/chapters/${chapterId}/members`)).status).toBe(404);
    const unknown = await organiser.send('GET', '/v1/chapters/no-such-chapter/members');
    const foreign = await outsider.send('GET', `/v1/chapters/${chapterId}/members`);
    expect((await json(unknown)).detail).toBe('No chapter with id "no-such-chapter"');
    expect((await json(foreign)).detail).toBe(`No chapter with id "${chapterId}"`);

    expect((await reader.send('GET', `/v1/members/${member.id}`)).status).toBe(200);
    expect((await reader.send('PATCH', `/v1/members/${member.id}`, { name: 'X' })).status).toBe(
      404,
    );
    expect((await reader.send('DELETE', `/v1/members/${member.id}`)).status).toBe(404);
    expect((await outsider.send('POST', `/v1/members/${member.id}/erasure`)).status).toBe(404);

    const anonymous = keyedRequests(t, null);
    expect((await anonymous.send('GET', `/v1/members/${member.id}`)).status).toBe(401);
    expect((await anonymous.send('GET', `/v1/chapters/${chapterId}/members`)).status).toBe(401);
    expect(
      (
        await anonymous.send('POST', `/v1/chapters/${chapterId}/members`, {
          name: 'a',
          email: 'a@b.org',
        })
      ).status,
    ).toBe(401);
  });

  it('keeps members of a chapter managed by another instance on that instance', async () => {
    const peerChapter = (await createChapter(database.db, { origin: 'https://node.example' })).id;
    const key = (await createTestKey(database.db, organiserGrants(peerChapter))).secret;
    const response = await keyedRequests(t, key).send(
      'POST',
      `/v1/chapters/${peerChapter}/members`,
      {
        name: 'Dee',
        email: 'dee@ex.org',
      },
    );
    expect(response.status).toBe(409);
  });

  it('removes a member who leaves and recomputes the figures', async () => {
    const chapter = (await createChapter(database.db)).id;
    const requests = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(chapter))).secret,
    );
    const stays = await requests.addMember(chapter, { name: 'Stays', email: 'stays@ex.org' });
    const leaves = await requests.addMember(chapter, { name: 'Leaves', email: 'leaves@ex.org' });
    expect(await summary(chapter)).toMatchObject({ memberCount: 2 });
    expect((await requests.send('DELETE', `/v1/members/${leaves.id}`)).status).toBe(204);
    expect((await requests.send('GET', `/v1/members/${leaves.id}`)).status).toBe(404);
    expect((await requests.send('DELETE', `/v1/members/${leaves.id}`)).status).toBe(404);
    expect((await requests.send('GET', `/v1/members/${stays.id}`)).status).toBe(200);
    expect(await summary(chapter)).toMatchObject({ memberCount: 1 });
  });

  it('shows zeros for a chapter nobody has joined and 404 for an unknown one', async () => {
    const empty = (await createChapter(database.db)).id;
    expect(await summary(empty)).toEqual({
      chapterId: empty,
      memberCount: 0,
      organiserCount: 0,
      organisations: 0,
      growthByMonth: [],
      publicProfiles: [],
    });
    const response = await t.fetch(`http://hub.test/v1/chapters/${uniqueId('nope')}/membership`);
    expect(response.status).toBe(404);
  });
});
