import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { eventBody } from '../../../test/helpers/event-writes.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { createTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

describe.each(testDatabases())('Idempotency-Key on publishing events on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
  });
  afterAll(() => database?.close());

  /** A chapter of its own and an organiser key for it, so counts are exact. */
  async function setUp() {
    const chapter = await createChapter(database.db);
    const { secret } = await createTestKey(database.db, organiserGrants(chapter.id));
    return { chapter, secret };
  }

  const send = async (
    secret: string,
    path: string,
    key: string,
    body?: unknown,
    method = 'POST',
  ) => {
    const res = await t.fetch(`http://hub.test${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      text: await res.text(),
      location: res.headers.get('location'),
      replayed: res.headers.get('idempotent-replayed'),
    };
  };

  const publish = (chapterId: string, secret: string, key: string, body: unknown) =>
    send(secret, `/v1/chapters/${chapterId}/events`, key, body);

  const countEvents = async (chapterId: string) =>
    (
      await t.client.GET('/v1/chapters/{chapterId}/events', {
        params: { path: { chapterId }, query: { limit: 100 } },
      })
    ).data.length;

  it('replays the same request byte for byte, with Idempotent-Replayed, and creates one event', async () => {
    const { chapter, secret } = await setUp();
    const key = uniqueId('idem');
    const body = eventBody();
    const first = await publish(chapter.id, secret, key, body);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    const second = await publish(chapter.id, secret, key, body);
    expect(second).toEqual({ ...first, replayed: 'true' });
    expect(second.text).toBe(first.text);
    expect(await countEvents(chapter.id)).toBe(1);
  });

  it('answers 422 idempotency_key_reused for the same key with another body, and writes nothing', async () => {
    const { chapter, secret } = await setUp();
    const key = uniqueId('idem');
    expect((await publish(chapter.id, secret, key, eventBody())).status).toBe(201);
    const reused = await publish(chapter.id, secret, key, eventBody({ title: { en: 'Other' } }));
    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text)).toMatchObject({ code: 'idempotency_key_reused' });
    // The same body sent to another chapter's path is another request too.
    const { chapter: elsewhere } = await setUp();
    const moved = await send(secret, `/v1/chapters/${elsewhere.id}/events`, key, eventBody());
    expect(moved.status).toBe(422);
    expect(await countEvents(chapter.id)).toBe(1);
  });

  it('does not store a request that failed validation: the key works again with a fixed body', async () => {
    const { chapter, secret } = await setUp();
    const key = uniqueId('idem');
    const broken = await publish(chapter.id, secret, key, eventBody({ sequence: 7 }));
    expect(broken.status).toBe(400);
    const again = await publish(chapter.id, secret, key, eventBody({ sequence: 7 }));
    expect(again).toMatchObject({ status: 400, replayed: null });
    const fixed = await publish(chapter.id, secret, key, eventBody());
    expect(fixed).toMatchObject({ status: 201, replayed: null });
    expect(await countEvents(chapter.id)).toBe(1);
  });

  it('lets exactly one of two concurrent requests with the same key write', async () => {
    const { chapter, secret } = await setUp();
    for (let round = 0; round < 3; round++) {
      const key = uniqueId('idem');
      const body = eventBody({ title: { en: `Concurrent ${round}` } });
      const results = await Promise.all([
        publish(chapter.id, secret, key, body),
        publish(chapter.id, secret, key, body),
      ]);
      const created = results.filter((r) => r.status === 201 && r.replayed === null);
      expect(created).toHaveLength(1);
      const [other] = results.filter((r) => r !== created[0]);
      if (other!.status === 409) {
        expect(JSON.parse(other!.text)).toMatchObject({ code: 'conflict' });
      } else {
        expect(other).toEqual({ ...created[0], replayed: 'true' });
      }
      expect(await countEvents(chapter.id)).toBe(round + 1);
    }
  });

  it('scopes keys to the API key: another key may use the same string independently', async () => {
    const { chapter, secret } = await setUp();
    const { secret: colleague } = await createTestKey(database.db, organiserGrants(chapter.id));
    const key = uniqueId('idem');
    const mine = await publish(chapter.id, secret, key, eventBody());
    const theirs = await publish(
      chapter.id,
      colleague,
      key,
      eventBody({ title: { en: 'Theirs' } }),
    );
    expect(mine.status).toBe(201);
    expect(theirs).toMatchObject({ status: 201, replayed: null });
    expect(JSON.parse(theirs.text).id).not.toBe(JSON.parse(mine.text).id);
    expect(await countEvents(chapter.id)).toBe(2);
  });

  it('replays a retried delete as its 204 instead of a 404', async () => {
    const { chapter, secret } = await setUp();
    const created = await publish(chapter.id, secret, uniqueId('idem'), eventBody());
    const { id } = JSON.parse(created.text);
    const key = uniqueId('idem');
    const first = await send(secret, `/v1/events/${id}`, key, undefined, 'DELETE');
    expect(first).toMatchObject({ status: 204, replayed: null });
    const retry = await send(secret, `/v1/events/${id}`, key, undefined, 'DELETE');
    expect(retry).toMatchObject({ status: 204, replayed: 'true', text: '' });
    const fresh = await send(secret, `/v1/events/${id}`, uniqueId('idem'), undefined, 'DELETE');
    expect(fresh.status).toBe(404);
  });
});
