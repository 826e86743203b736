import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivityPubWorker } from '../../src/activitypub/delivery/delivery-worker.js';
import type { Database } from '../../src/db/client.js';
import { activitypubDeliveries, activitypubFollowers } from '../../src/db/schema/index.js';
import { hideEvent, unhideEvent } from '../../src/services/moderation/hide-event.js';
import { giveChapterKeys } from '../helpers/chapter-keys.js';
import { type TestDb, testDatabases } from '../helpers/databases.js';
import { createChapter as createBareChapter, createEvent } from '../helpers/fixtures.js';
import { testCtx } from '../helpers/service-ctx.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const silent = pino({ level: 'silent' });

/** A chapter holding its keys already: these tests are about delivering, not key generation. */
async function createChapter(db: Database['db']) {
  const chapter = await createBareChapter(db);
  await giveChapterKeys(db, chapter.id!);
  return chapter;
}

describe.each(testDatabases())('ActivityPub delivery worker on $name', (backend) => {
  let database: TestDb;
  let second: Database | undefined;

  const worker = (db: Database, allowList = ['127.0.0.1']) =>
    createActivityPubWorker(db, silent, {
      origin: TEST_ORIGIN,
      version: '0.0.0-test',
      pollMs: 60_000,
      lagMs: 0,
      policy: { allowList, timeoutMs: 10_000, maxResponseBytes: 65_536, userAgent: 'test' },
    });
  const follow = async (chapterId: string, inbox: string, actor = 'https://social.example/u/a') =>
    database.db.insert(activitypubFollowers).values({ chapterId, actorId: actor, inbox });

  beforeAll(async () => {
    database = await backend.open();
    second = database.connectAgain ? await database.connectAgain() : undefined;
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  it('announces each event once, however many workers share the outbox', async () => {
    const receiver = await startReceiver(() => ({ status: 202 }));
    const chapter = await createChapter(database.db);
    await follow(chapter.id, receiver.url);
    for (let i = 0; i < 6; i++) await createEvent(database.db, chapter);
    const a = worker(database);
    const b = worker(second ?? database);
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    await Promise.all([a.runOnce(), b.runOnce()]);
    const creates = receiver.received
      .map((r) => JSON.parse(r.body) as { type: string; id: string })
      .filter((activity) => activity.type === 'Create');
    expect(creates).toHaveLength(6);
    expect(new Set(creates.map((c) => c.id)).size).toBe(6);
    await receiver.close();
  });

  it('retries an inbox that failed, and gives up on one that is gone', async () => {
    const receiver = await startReceiver((_request, index) => ({
      status: index === 0 ? 503 : 202,
    }));
    const gone = await startReceiver(() => ({ status: 410 }));
    const chapter = await createChapter(database.db);
    await follow(chapter.id, receiver.url, 'https://social.example/u/b');
    await follow(chapter.id, gone.url, 'https://gone.example/u/c');
    await createEvent(database.db, chapter);
    const w = worker(database);
    await w.runOnce();
    expect(receiver.received).toHaveLength(1);
    // The retry is scheduled for later; bring it forward instead of waiting.
    await database.db.execute(
      sql`update activitypub_deliveries set next_attempt_at = now() where status = 'pending'`,
    );
    await w.runOnce();
    expect(receiver.received).toHaveLength(2);
    const rows = await database.db
      .select({ inbox: activitypubDeliveries.inbox, status: activitypubDeliveries.status })
      .from(activitypubDeliveries)
      .where(sql`${activitypubDeliveries.chapterId} = ${chapter.id}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        { inbox: receiver.url, status: 'succeeded' },
        { inbox: gone.url, status: 'failed' },
      ]),
    );
    await receiver.close();
    await gone.close();
  });

  it('withdraws an event a moderator hides, and announces it again when it is put back', async () => {
    const receiver = await startReceiver(() => ({ status: 202 }));
    const chapter = await createChapter(database.db);
    await follow(chapter.id, receiver.url, 'https://social.example/u/e');
    const event = await createEvent(database.db, chapter);
    const w = worker(database);
    await w.runOnce();
    const ctx = testCtx(database.db);
    await hideEvent(ctx, { eventId: event.id!, reason: 'spam', canModerate: () => true });
    await w.runOnce();
    await unhideEvent(ctx, { eventId: event.id!, canModerate: () => true });
    await w.runOnce();
    const types = receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toEqual(['Create', 'Delete', 'Create']);
    await receiver.close();
  });

  it('does not deliver to a private address the operator has not allowed', async () => {
    const receiver = await startReceiver(() => ({ status: 202 }));
    const chapter = await createChapter(database.db);
    await follow(chapter.id, receiver.url, 'https://social.example/u/d');
    await createEvent(database.db, chapter);
    await worker(database, []).runOnce();
    expect(receiver.received).toHaveLength(0);
    const [row] = await database.db
      .select({ lastError: activitypubDeliveries.lastError })
      .from(activitypubDeliveries)
      .where(sql`${activitypubDeliveries.chapterId} = ${chapter.id}`);
    expect(row?.lastError).toMatch(/forbidden-address/);
    await receiver.close();
  });
});
