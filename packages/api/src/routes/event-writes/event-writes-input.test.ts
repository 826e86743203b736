import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { eventBody, failure } from '../../../test/helpers/event-writes.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('event writes: bad input and other chapters on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let a: { id: string };
  let b: { id: string };
  let secretA: string;
  let secretB: string;
  let eventA: { id: string; title: Record<string, string> };

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    a = await createChapter(database.db);
    b = await createChapter(database.db);
    secretA = (await createTestKey(database.db, organiserGrants(a.id))).secret;
    secretB = (await createTestKey(database.db, organiserGrants(b.id))).secret;
    eventA = await t.clientWithKey(secretA).POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: a.id } },
      body: eventBody() as never,
    });
  });
  afterAll(() => database?.close());

  const send = async (
    method: string,
    path: string,
    body: string | undefined,
    secret: string | null = secretA,
    contentType = 'application/json',
  ) => {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (secret) headers.authorization = `Bearer ${secret}`;
    const res = await t.fetch(`http://hub.test${path}`, { method, headers, body: body ?? null });
    const text = await res.text();
    return { status: res.status, problem: text ? JSON.parse(text) : undefined };
  };
  const pointers = (problem: { errors?: { pointer: string }[] }) =>
    (problem.errors ?? []).map((e) => e.pointer);

  it.each([
    'id',
    'chapterId',
    'sequence',
    'provenance',
    'createdAt',
    'updatedAt',
    'previousStartsAt',
  ])('refuses a server-controlled field (%s) on create and on patch, naming it', async (field) => {
    const value = field === 'provenance' ? { sourceKind: 'ics' } : 'x';
    for (const [method, path] of [
      ['POST', `/v1/chapters/${a.id}/events`],
      ['PATCH', `/v1/events/${eventA.id}`],
      ['PUT', `/v1/chapters/${a.id}/events/external/ext-1`],
    ] as const) {
      const body = method === 'PATCH' ? { [field]: value } : { ...eventBody(), [field]: value };
      const { status, problem } = await send(method, path, JSON.stringify(body));
      expect(status, `${method} ${field}`).toBe(400);
      expect(problem.code).toBe('invalid_request');
      const details = problem.errors.map((e: { detail: string }) => e.detail).join(' ');
      expect(details).toContain(`"${field}"`);
    }
  });

  it('refuses externalId in a PUT body (it is in the path)', async () => {
    const { status } = await send(
      'PUT',
      `/v1/chapters/${a.id}/events/external/ext-2`,
      JSON.stringify({ ...eventBody(), externalId: 'other' }),
    );
    expect(status).toBe(400);
  });

  it.each([
    ['a title over 300 characters', { title: { en: 'x'.repeat(301) } }, '/body/title/en'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, '/body/tags'],
    [
      'a description over 20000 characters',
      { description: { en: 'x'.repeat(20_001) } },
      '/body/description/en',
    ],
    ['21 languages', { inLanguage: Array.from({ length: 21 }, () => 'en') }, '/body/inLanguage'],
    ['a capacity over a million', { capacity: 1_000_001 }, '/body/capacity'],
    ['an event over 31 days', { endsAt: eventBody({}, 40).endsAt }, '/body/endsAt'],
    ['an unknown status', { status: 'maybe' }, '/body/status'],
    ['a non-http URL', { onlineUrl: 'javascript:alert(1)' }, '/body/onlineUrl'],
    ['an externalId over 200 characters', { externalId: 'x'.repeat(201) }, '/body/externalId'],
    ['an in-person event without a venue', { attendanceMode: 'inPerson' }, '/body/venue'],
  ])('answers 400 with a pointer for %s', async (_name, override, pointer) => {
    const { status, problem } = await send(
      'POST',
      `/v1/chapters/${a.id}/events`,
      JSON.stringify({ ...eventBody(), ...override }),
    );
    expect(status).toBe(400);
    expect(pointers(problem)).toContain(pointer);
  });

  it.each([
    ['truncated JSON', '{"title": {"en": "x"'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a JSON string', '"event"'],
    ['no body at all', undefined],
  ])('answers 400, never 500, for %s', async (_name, body) => {
    for (const [method, path] of [
      ['POST', `/v1/chapters/${a.id}/events`],
      ['PATCH', `/v1/events/${eventA.id}`],
      ['PUT', `/v1/chapters/${a.id}/events/external/ext-3`],
      ['POST', `/v1/chapters/${a.id}/series`],
    ] as const) {
      const { status, problem } = await send(method, path, body);
      expect(status, `${method} ${path}`).toBe(400);
      expect(problem.code).toBe('invalid_request');
    }
  });

  it('answers 415 for a body sent as another type, 400 for broken JSON and an empty patch', async () => {
    const form = await send(
      'POST',
      `/v1/chapters/${a.id}/events`,
      'title=x',
      secretA,
      'text/plain',
    );
    expect(form.status).toBe(415);
    const broken = await send('POST', `/v1/chapters/${a.id}/events`, '{"title": ', secretA);
    expect(broken.status).toBe(400);
    const empty = await send('PATCH', `/v1/events/${eventA.id}`, '{}');
    expect(empty.status).toBe(400);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const huge = JSON.stringify({ ...eventBody(), summary: { en: 'x'.repeat(1_100_000) } });
    expect((await send('POST', `/v1/chapters/${a.id}/events`, huge)).status).toBe(413);
  });

  it('answers 401 to anonymous writes, before looking at the body', async () => {
    for (const [method, path] of [
      ['POST', `/v1/chapters/${a.id}/events`],
      ['PUT', `/v1/chapters/${a.id}/events/external/ext-4`],
      ['PATCH', `/v1/events/${eventA.id}`],
      ['DELETE', `/v1/events/${eventA.id}`],
      ['POST', `/v1/chapters/${a.id}/series`],
    ] as const) {
      const { status, problem } = await send(method, path, '{"nonsense": true}', null);
      expect(status, `${method} ${path}`).toBe(401);
      expect(problem.code).toBe('unauthorized');
    }
  });

  it("gives chapter B's key the same 404 for chapter A's objects as for ones that do not exist", async () => {
    const clientB = t.clientWithKey(secretB);
    const shape = (
      p: { status: number; problem: { code: string; title: string; detail?: string } },
      id: string,
    ) => ({
      status: p.status,
      code: p.problem.code,
      title: p.problem.title,
      detail: p.problem.detail?.replace(id, '<id>'),
    });

    const theirs = await failure(
      clientB.POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: a.id } },
        body: eventBody() as never,
      }),
    );
    const missing = await failure(
      clientB.POST('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId: 'no-such-chapter' } },
        body: eventBody() as never,
      }),
    );
    expect(theirs.status).toBe(404);
    expect(shape(theirs, a.id)).toEqual(shape(missing, 'no-such-chapter'));

    const put = await failure(
      clientB.PUT('/v1/chapters/{chapterId}/events/external/{externalId}', {
        params: { path: { chapterId: a.id, externalId: 'ext-5' } },
        body: eventBody() as never,
      }),
    );
    expect(shape(put, a.id)).toEqual(shape(missing, 'no-such-chapter'));

    const patchTheirs = await failure(
      clientB.PATCH('/v1/events/{eventId}', {
        params: { path: { eventId: eventA.id } },
        body: { title: { en: 'Hijacked' } },
      }),
    );
    const patchMissing = await failure(
      clientB.PATCH('/v1/events/{eventId}', {
        params: { path: { eventId: 'evt_missing' } },
        body: { title: { en: 'Hijacked' } },
      }),
    );
    expect(patchTheirs.status).toBe(404);
    expect(shape(patchTheirs, eventA.id)).toEqual(shape(patchMissing, 'evt_missing'));

    const deleteTheirs = await failure(
      clientB.DELETE('/v1/events/{eventId}', { params: { path: { eventId: eventA.id } } }),
    );
    expect(shape(deleteTheirs, eventA.id)).toEqual(shape(patchMissing, 'evt_missing'));

    const unchanged = await t.client.GET('/v1/events/{eventId}', {
      params: { path: { eventId: eventA.id } },
    });
    expect(unchanged).toMatchObject({ title: eventA.title, sequence: 0 });
  });
});
