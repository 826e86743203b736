import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { createTestApp } from '../helpers/test-app.js';
import { onlineEvent } from './operation-requests.js';

/**
 * The matrix covers ids in paths; these cover the other ways a key might name
 * another chapter: in a body, or in a query.
 */
describe.each(testDatabases())(
  'chapter A key and chapter B, in bodies and queries, on $name',
  (backend) => {
    let database: Database;
    let t: ReturnType<typeof createTestApp>;
    let a: string;
    let b: string;
    let keyA: string;

    beforeAll(async () => {
      database = await backend.open();
      t = createTestApp(database);
      a = (await createChapter(database.db)).id;
      b = (await createChapter(database.db)).id;
      keyA = (await createTestKey(database.db, organiserGrants(a))).secret;
    });
    afterAll(() => database?.close());

    const send = (method: string, path: string, body?: unknown) =>
      t.fetch(`http://hub.test${path}`, {
        method,
        headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    it('refuses a chapterId in the body of a create or an update', async () => {
      const created = await send('POST', `/v1/chapters/${a}/events`, {
        ...onlineEvent(),
        chapterId: b,
      });
      expect(created.status).toBe(400);
      const ok = await send('POST', `/v1/chapters/${a}/events`, onlineEvent());
      const event = (await ok.json()) as { id: string; chapterId: string };
      expect(event.chapterId).toBe(a);
      const moved = await send('PATCH', `/v1/events/${event.id}`, { chapterId: b });
      expect(moved.status).toBe(400);
      const member = await send('POST', `/v1/chapters/${a}/members`, {
        name: 'Ann Example',
        email: 'ann@example.org',
        chapterId: b,
      });
      expect(member.status).toBe(400);
    });

    it('cannot mint itself a key for another chapter or read the audit log filtered to it', async () => {
      const minted = await send('POST', '/v1/keys', {
        name: 'escalation',
        grants: [{ scope: 'admin', chapterId: null }],
      });
      expect(minted.status).toBe(403);
      expect((await send('GET', `/v1/audit?chapter=${b}`)).status).toBe(403);
    });

    it('sees chapter B only through public reads', async () => {
      expect((await send('GET', `/v1/chapters/${b}/members`)).status).toBe(404);
      expect((await send('GET', `/v1/chapters/${b}/events`)).status).toBe(200);
      expect((await send('POST', `/v1/chapters/${b}/events`, onlineEvent())).status).toBe(404);
      expect(
        (
          await send('POST', `/v1/chapters/${b}/sources`, {
            kind: 'ics',
            url: 'https://a.example/x.ics',
          })
        ).status,
      ).toBe(404);
    });
  },
);
