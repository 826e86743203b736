import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWithWorker } from '../../../test/helpers/app-with-worker.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { calendar, startFeedServer } from '../../../test/helpers/feed-server.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import { TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';

const DAY = 86_400_000;
const VENUE = 'LOCATION:Civic Hall';
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);

// Its own database: the worker syncs every due source, and only loopback feeds may be here.
describe.each(testDatabases())('removing sources and taking events over on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let hub: ReturnType<typeof createAppWithWorker>;
  let call: ReturnType<typeof rawCaller>;
  let chapter: { id: string };
  let organiser: { secret: string };
  let admin: { secret: string };
  let etag = 0;

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    hub = createAppWithWorker(database);
    call = rawCaller(hub);
    chapter = await createChapter(database.db);
    organiser = await createTestKey(database.db, organiserGrants(chapter.id));
    admin = await createTestKey(database.db, [adminGrant]);
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  const serve = (items: Parameters<typeof calendar>[0]) => {
    etag += 1;
    feed.serveCalendar(calendar(items), `"v${etag}"`);
  };

  /** A source synced once with two events; returns their ids by title. */
  async function importedSource(prefix: string) {
    const sourceId = uniqueId(prefix);
    serve([
      { uid: `${prefix}-a@test`, title: `${prefix} A`, start: soon(2), extra: VENUE },
      { uid: `${prefix}-b@test`, title: `${prefix} B`, start: soon(3), extra: VENUE },
    ]);
    const added = await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: organiser.secret,
      body: { id: sourceId, kind: 'ics', url: `${feed.url}/${sourceId}.ics` },
    });
    expect(added.status).toBe(201);
    await hub.worker.drain();
    const listed = await call('GET', `/v1/chapters/${chapter.id}/events?limit=100`);
    const idOf = (title: string) =>
      listed.body.data.find((e: { title: { en: string } }) => e.title.en === title).id as string;
    return { sourceId, a: idOf(`${prefix} A`), b: idOf(`${prefix} B`) };
  }

  it('keeps a deleted source’s events as the hub’s own, which organisers can then edit', async () => {
    const { sourceId, a } = await importedSource('keep');
    // While imported, the feed owns it.
    const before = await call('PATCH', `/v1/events/${a}`, {
      key: admin.secret,
      body: { status: 'cancelled' },
    });
    expect(before.status).toBe(409);

    const removed = await call('DELETE', `/v1/sources/${sourceId}?events=keep`, {
      key: organiser.secret,
    });
    expect(removed.status).toBe(204);
    const kept = await call('GET', `/v1/events/${a}`);
    expect(kept.status).toBe(200);
    expect(kept.body.provenance).toMatchObject({
      sourceKind: 'push',
      sourceId: null,
      originInstance: TEST_ORIGIN,
    });
    const edited = await call('PATCH', `/v1/events/${a}`, {
      key: organiser.secret,
      body: { title: { en: 'Keep A (our copy)' } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title.en).toBe('Keep A (our copy)');
  });

  it('removes a deleted source’s events when asked, leaving tombstones for followers', async () => {
    const { sourceId, a, b } = await importedSource('drop');
    const removed = await call('DELETE', `/v1/sources/${sourceId}?events=remove`, {
      key: organiser.secret,
    });
    expect(removed.status).toBe(204);
    expect((await call('GET', `/v1/events/${a}`)).status).toBe(404);
    expect((await call('GET', `/v1/events/${b}`)).status).toBe(404);
    const changes = await call('GET', '/v1/changes?limit=100');
    let cursor = changes.body.nextCursor as string | null;
    const all = [...changes.body.data];
    while (cursor) {
      const page = await call('GET', `/v1/changes?limit=100&cursor=${cursor}`);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    const last = all.filter((c: { id: string }) => c.id === a).at(-1);
    expect(last).toMatchObject({ state: 'deleted', data: null });
    expect(
      (await call('DELETE', `/v1/sources/${sourceId}?events=everything`, { key: organiser.secret }))
        .status,
    ).toBe(400);
  });

  it('lets an admin take one imported event over; its feed no longer changes it', async () => {
    const { sourceId, a, b } = await importedSource('take');
    expect(
      (await call('POST', `/v1/events/${a}/take-over`, { key: organiser.secret })).status,
    ).toBe(403);
    const taken = await call('POST', `/v1/events/${a}/take-over`, { key: admin.secret });
    expect(taken.status).toBe(200);
    expect(taken.body.provenance).toMatchObject({ sourceKind: 'push', sourceId: null });
    expect((await call('POST', `/v1/events/${a}/take-over`, { key: admin.secret })).status).toBe(
      409,
    );
    expect(
      (
        await call('PATCH', `/v1/events/${a}`, {
          key: organiser.secret,
          body: { title: { en: 'Take A, curated' } },
        })
      ).status,
    ).toBe(200);

    serve([
      { uid: 'take-a@test', title: 'Take A, upstream edit', start: soon(2), extra: VENUE },
      { uid: 'take-b@test', title: 'Take B, upstream edit', start: soon(3), extra: VENUE },
    ]);
    await call('POST', `/v1/sources/${sourceId}/sync`, { key: organiser.secret });
    await hub.worker.drain();
    expect((await call('GET', `/v1/events/${a}`)).body.title.en).toBe('Take A, curated');
    expect((await call('GET', `/v1/events/${b}`)).body.title.en).toBe('Take B, upstream edit');
  });
});
