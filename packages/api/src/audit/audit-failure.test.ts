import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import { createChapter } from '../../test/helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../../test/helpers/keys.js';
import { createApp } from '../app.js';
import type { Database } from '../db/client.js';

/**
 * If the audit entry cannot be stored after a write succeeded, the client still
 * gets the write's answer (and its Idempotency-Key keeps it from being repeated);
 * the entry goes to the error log.
 */
describe.each(testDatabases())('a write whose audit entry fails, on $name', (backend) => {
  let database: Database;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await backend.open();
    await database.db.execute(sql`
      create function audit_refuse() returns trigger language plpgsql as $$
      begin raise exception 'audit storage unavailable'; end; $$`);
    await database.db.execute(sql`
      create trigger audit_refuse before insert on audit_log
      for each row execute function audit_refuse()`);
  });
  afterAll(() => database?.close());

  it('answers the write once and logs the entry', async () => {
    const app = createApp({
      db: database.db,
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
      publicUrl: 'https://hub.test.example',
      instanceName: 'Audit failure test',
      version: '0.0.0-test',
      ping: database.ping,
    });
    const chapter = await createChapter(database.db);
    const key = await createTestKey(database.db, organiserGrants(chapter.id));
    const startsAt = new Date(Date.now() + 86_400_000);
    const send = () =>
      app.request(`/v1/chapters/${chapter.id}/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key.secret}`,
          'content-type': 'application/json',
          'idempotency-key': 'audit-failure-1',
        },
        body: JSON.stringify({
          title: { en: 'Written despite the audit' },
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          timeZone: 'Europe/London',
          attendanceMode: 'online',
        }),
      });
    const first = await send();
    expect(first.status).toBe(201);
    const retry = await send();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const events = await app.request(`/v1/chapters/${chapter.id}/events`);
    expect(((await events.json()) as { data: unknown[] }).data).toHaveLength(1);
    const logged = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'audit entry could not be stored');
    expect(logged?.audit).toMatchObject({ action: 'event.create', actorId: key.id });
  });
});
