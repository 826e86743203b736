import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { auditLog, events, outbox, webhookDeliveries } from '../../src/db/schema/index.js';
import { runHousekeeping } from '../../src/services/housekeeping/schedule-housekeeping.js';
import { createDeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../helpers/keys.js';
import { testCtx } from '../helpers/service-ctx.js';
import { createTestApp } from '../helpers/test-app.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { onlineEvent } from '../security/operation-requests.js';

const silent = pino({ level: 'silent' });

describe.each(testDatabases())('webhooks on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let admin: string;

  const call = async (method: string, path: string, body?: unknown, key = admin) => {
    const res = await t.fetch(`http://hub.test${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  /** An admin subscribes `url` to one chapter's new events. */
  const subscribe = (url: string, chapterId: string) =>
    call('POST', '/v1/webhooks', { url, events: ['event.created'], chapters: [chapterId] });
  const worker = (allowList: string[] = ['127.0.0.1']) =>
    createDeliveryWorker(database, silent, {
      pollMs: 60_000,
      policy: { allowList, timeoutMs: 10_000, maxResponseBytes: 65_536, userAgent: 'test' },
    });

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    admin = (await createTestKey(database.db, [adminGrant])).secret;
  });
  afterAll(() => database?.close());

  it('signs each delivery so a Standard Webhooks library verifies it, with the event as the API returns it', async () => {
    const receiver = await startReceiver();
    const chapter = await createChapter(database.db);
    const hook = await call('POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['event.created', 'event.rescheduled', 'event.deleted'],
      chapters: [chapter.id],
    });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);

    const created = await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent('Hooked'));
    const moved = new Date(Date.parse(created.body.startsAt) + 86_400_000);
    await call('PATCH', `/v1/events/${created.body.id}`, {
      startsAt: moved.toISOString(),
      endsAt: new Date(moved.getTime() + 3_600_000).toISOString(),
    });
    await call('DELETE', `/v1/events/${created.body.id}`);
    await worker().runOnce();

    const verifier = new StandardWebhook(hook.body.secret);
    const payloads = receiver.received.map(
      (r) =>
        verifier.verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: { id: string };
        },
    );
    expect(payloads.map((p) => p.type).sort()).toEqual([
      'event.created',
      'event.deleted',
      'event.rescheduled',
    ]);
    const first = payloads.find((p) => p.type === 'event.created')!;
    expect(first.data).toEqual(created.body);
    expect(payloads.find((p) => p.type === 'event.deleted')!.data).toEqual({
      id: created.body.id,
      chapterId: chapter.id,
      deleted: true,
    });
    // A tampered body fails verification.
    const tampered = receiver.received.find((r) => r.body.includes('Hooked'))!;
    expect(() =>
      verifier.verify(
        tampered.body.replace('Hooked', 'Hacked'),
        tampered.headers as Record<string, string>,
      ),
    ).toThrow();
    await receiver.close();
  });

  it('sends the same webhook-id again after a failure, and the deliveries list shows both attempts', async () => {
    const receiver = await startReceiver((_, i) => ({ status: i === 0 ? 500 : 200 }));
    const chapter = await createChapter(database.db);
    const hook = await subscribe(receiver.url, chapter.id);
    await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent());
    const w = worker();
    await w.runOnce();
    let list = await call('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
    expect(list.body.data[0].status).toBe('pending');
    expect(list.body.data[0].attempts[0].status).toBe(500);
    expect(Date.parse(list.body.data[0].nextAttemptAt)).toBeGreaterThan(Date.now());
    // Bring the retry forward instead of waiting for its back-off.
    await database.db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(webhookDeliveries.webhookId, hook.body.id));
    await w.runOnce();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(
      receiver.received[0]!.headers['webhook-id'],
    );
    list = await call('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
    expect(list.body.data[0].status).toBe('succeeded');
    expect(list.body.data[0].attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
    await receiver.close();
  });

  it('refuses a loopback endpoint unless the operator allows it, and never follows a redirect', async () => {
    const receiver = await startReceiver((r) =>
      r.path === '/hooks' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 },
    );
    const chapter = await createChapter(database.db);
    const hook = await subscribe(receiver.url, chapter.id);
    await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent());
    await worker([]).runOnce();
    expect(receiver.received).toHaveLength(0);
    let list = await call('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
    expect(list.body.data[0].lastError).toMatch(/forbidden-address/);

    await call('POST', `/v1/webhooks/${hook.body.id}/deliveries/${list.body.data[0].id}/retry`);
    await worker().runOnce();
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks']);
    list = await call('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
    expect(list.body.data[0].attempts.at(-1).status).toBe(302);
    expect(list.body.data[0].status).toBe('pending');
    await receiver.close();
  });

  it('sends a chapter’s subscription nothing of another chapter, and a chapter key cannot subscribe to others', async () => {
    const receiver = await startReceiver();
    const mine = await createChapter(database.db);
    const other = await createChapter(database.db);
    const organiser = (await createTestKey(database.db, organiserGrants(mine.id))).secret;
    const refused = await call(
      'POST',
      '/v1/webhooks',
      { url: receiver.url, events: ['event.created'], chapters: [other.id] },
      organiser,
    );
    expect(refused.status).toBe(404);
    const hook = await call(
      'POST',
      '/v1/webhooks',
      { url: receiver.url, events: ['event.created'], chapters: [mine.id] },
      organiser,
    );
    expect(hook.status).toBe(201);
    await call('POST', `/v1/chapters/${other.id}/events`, onlineEvent('Not yours'));
    const own = await call('POST', `/v1/chapters/${mine.id}/events`, onlineEvent('Yours'));
    await worker().runOnce();
    const ids = receiver.received.map((r) => JSON.parse(r.body).data.id);
    expect(ids).toEqual([own.body.id]);
    await receiver.close();
  });

  it('disables an endpoint that answers 410 Gone, with the reason visible', async () => {
    const receiver = await startReceiver(() => ({ status: 410 }));
    const chapter = await createChapter(database.db);
    const hook = await subscribe(receiver.url, chapter.id);
    await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent());
    await worker().runOnce();
    const after = await call('GET', `/v1/webhooks/${hook.body.id}`);
    expect(after.body.status).toBe('disabled');
    expect(after.body.disabledReason).toMatch(/410/);
    await receiver.close();
  });

  it('keeps no outbox row, audit entry or event when the write rolls back', async () => {
    const chapter = await createChapter(database.db);
    const counts = async () => ({
      outbox: (await database.db.select({ n: sql<number>`count(*)::int` }).from(outbox))[0]!.n,
      audit: (await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n,
      events: (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(events)
          .where(eq(events.chapterId, chapter.id))
      )[0]!.n,
    });
    const before = await counts();
    // The audit entry is the last statement of the write: refusing it must undo the rest.
    await database.db.execute(sql`
      create or replace function audit_refuse() returns trigger language plpgsql as $$
      begin raise exception 'audit storage unavailable'; end; $$`);
    await database.db.execute(sql`
      create trigger audit_refuse before insert on audit_log
      for each row execute function audit_refuse()`);
    try {
      const res = await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent('Lost'));
      expect(res.status).toBe(500);
    } finally {
      await database.db.execute(sql`drop trigger audit_refuse on audit_log`);
    }
    expect(await counts()).toEqual(before);
  });

  it('announces an erasure with membership aggregates only, never the person', async () => {
    const chapter = await createChapter(database.db);
    const member = await call('POST', `/v1/chapters/${chapter.id}/members`, {
      name: 'Erin Erasable',
      email: 'erin.erasable@example.org',
    });
    await call('DELETE', `/v1/members/${member.body.id}/erasure`);
    const rows = await database.db.select().from(outbox).where(eq(outbox.chapterId, chapter.id));
    expect(rows.map((r) => r.type)).toContain('membership.updated');
    const text = JSON.stringify(rows);
    expect(text).not.toContain('Erin');
    expect(text).not.toContain('erasable@example.org');
  });

  it('housekeeping drops settled deliveries and old messages, never what is still pending', async () => {
    const receiver = await startReceiver();
    const chapter = await createChapter(database.db);
    const hook = await subscribe(receiver.url, chapter.id);
    await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent('Delivered'));
    await worker().runOnce();
    await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent('Still queued'));
    const inForty = new Date(Date.now() + 40 * 86_400_000);
    await runHousekeeping(testCtx(database.db, () => inForty));
    const left = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, hook.body.id));
    expect(left.map((d) => d.status)).toEqual(['pending']);
    const messages = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.chapterId, chapter.id));
    expect(messages.map((m) => (m.payload.data as { title: { en: string } }).title.en)).toEqual([
      'Still queued',
    ]);
    await receiver.close();
  });

  it.runIf(backend.name === 'postgres')(
    'never lets two workers send one delivery at the same time',
    async () => {
      const receiver = await startReceiver();
      const chapter = await createChapter(database.db);
      await subscribe(receiver.url, chapter.id);
      for (let i = 0; i < 25; i++)
        await call('POST', `/v1/chapters/${chapter.id}/events`, onlineEvent());
      const second = await (database as { connectAgain?: () => Promise<Database> }).connectAgain!();
      const a = worker();
      const b = createDeliveryWorker(second, silent, {
        pollMs: 60_000,
        policy: {
          allowList: ['127.0.0.1'],
          timeoutMs: 10_000,
          maxResponseBytes: 65_536,
          userAgent: 'test',
        },
      });
      await Promise.all([a.runOnce(), b.runOnce()]);
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(25);
      expect(new Set(ids).size).toBe(25);
      await second.close();
      await receiver.close();
    },
  );
});
