import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWithWorker } from '../../../test/helpers/app-with-worker.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { calendar, startFeedServer } from '../../../test/helpers/feed-server.js';
import { createChapter, uniqueId } from '../../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../../test/helpers/keys.js';
import { rawCaller } from '../../../test/helpers/raw-call.js';
import type { Database } from '../../db/client.js';

const DAY = 86_400_000;
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 18 * 3_600_000);
const meetups = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    uid: `m-${i}@test`,
    title: `Meetup ${i}`,
    start: soon(i + 1),
  }));

// Its own database: the worker syncs every due source, and only loopback feeds may be here.
describe.each(testDatabases())('sources synced on request on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let hub: ReturnType<typeof createAppWithWorker>;
  let call: ReturnType<typeof rawCaller>;
  let chapter: { id: string };
  let organiser: { id: string; secret: string };

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    hub = createAppWithWorker(database);
    call = rawCaller(hub);
    chapter = await createChapter(database.db);
    organiser = await createTestKey(database.db, organiserGrants(chapter.id));
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  it('syncs a source added through the API, and approves a held removal', async () => {
    const id = uniqueId('feed');
    feed.serveCalendar(calendar(meetups(6)));
    const added = await call('POST', `/v1/chapters/${chapter.id}/sources`, {
      key: organiser.secret,
      body: { id, kind: 'ics', url: `${feed.url}/${id}.ics` },
    });
    expect(added.status).toBe(201);
    expect(await hub.worker.drain()).toBe(1);
    expect((await call('GET', `/v1/sources/${id}`)).body).toMatchObject({
      status: 'ok',
      itemCount: 6,
    });
    // Not due again until its interval has passed, unless asked.
    expect(await hub.worker.drain()).toBe(0);

    // Nothing is held yet: there is nothing to approve.
    const early = await call('POST', `/v1/sources/${id}/approve`, { key: organiser.secret });
    expect(early.status).toBe(409);

    feed.serveCalendar(calendar(meetups(2)));
    expect((await call('POST', `/v1/sources/${id}/sync`, { key: organiser.secret })).status).toBe(
      202,
    );
    expect(await hub.worker.drain()).toBe(1);
    const held = await call('GET', `/v1/sources/${id}`);
    expect(held.body).toMatchObject({ status: 'needsReview', itemCount: 6 });

    const approved = await call('POST', `/v1/sources/${id}/approve`, { key: organiser.secret });
    expect(approved.status).toBe(202);
    expect(approved.body).toMatchObject({
      sourceId: id,
      outcome: 'success',
      counts: { removed: 4 },
    });
    expect((await call('GET', `/v1/sources/${id}`)).body).toMatchObject({
      status: 'ok',
      itemCount: 2,
    });

    // Each run that changed events, and each request, is in the audit log.
    const admin = await createTestKey(database.db, [{ scope: 'admin', chapterId: null }]);
    const audit = await call('GET', `/v1/audit?chapter=${chapter.id}&limit=100`, {
      key: admin.secret,
    });
    const entries = audit.body.data as {
      action: string;
      actor: { type: string; id: string };
      target: { id: string };
    }[];
    const syncRuns = entries.filter((e) => e.actor.type === 'sync');
    // The first import and the approved removal; the held run removed nothing.
    expect(syncRuns.map((e) => e.action)).toEqual(['source.sync', 'source.sync']);
    expect(syncRuns[0]!.actor.id).toBe(approved.body.id);
    expect(entries.filter((e) => e.actor.type === 'key').map((e) => e.action)).toEqual([
      'source.approve',
      'source.sync',
      'source.create',
    ]);
  });
});
