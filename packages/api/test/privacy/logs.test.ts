import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter } from '../helpers/fixtures.js';
import { adminGrant, createTestKey, organiserGrants } from '../helpers/keys.js';
import { json } from '../helpers/member-requests.js';

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

describe.each(testDatabases())('logs carry no personal data or secrets on $name', (backend) => {
  let database: Database;
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await backend.open();
    app = createApp({
      db: database.db,
      // Everything the app would log at its most verbose, captured line by line.
      logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }),
      publicUrl: 'https://hub.test.example',
      instanceName: 'Log test',
      version: '0.0.0-test',
      ping: database.ping,
      changesLagMs: 0,
    });
  });
  afterAll(() => database?.close());

  it('logs requests that carry keys and e-mails without either', async () => {
    const chapter = await createChapter(database.db, { origin: 'https://hub.test.example' });
    const organiser = await createTestKey(database.db, organiserGrants(chapter.id));
    const admin = await createTestKey(database.db, [adminGrant]);
    const call = (method: string, path: string, secret: string | null, body?: unknown) =>
      app.request(path, {
        method,
        headers: {
          ...(secret ? { authorization: `Bearer ${secret}` } : {}),
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const created = await call('POST', `/v1/chapters/${chapter.id}/members`, organiser.secret, {
      name: 'Logan Logged',
      email: 'logan.logged@example.gov.uk',
    });
    expect(created.status).toBe(201);
    const { id } = await json(created);
    const outcomes = [
      // The same e-mail again (409), a malformed one (400), an import, a patch, an erasure.
      await call('POST', `/v1/chapters/${chapter.id}/members`, organiser.secret, {
        name: 'Logan Again',
        email: 'LOGAN.logged@example.gov.uk',
      }),
      await call('POST', `/v1/chapters/${chapter.id}/members`, organiser.secret, {
        name: 'Bad',
        email: 'bad-address@',
      }),
      await call('POST', `/v1/chapters/${chapter.id}/members/import`, organiser.secret, {
        members: [{ name: 'Imogen Imported', email: 'imogen@example.org' }],
      }),
      await call('PATCH', `/v1/members/${id}`, organiser.secret, {
        email: 'logan.new@example.org',
      }),
      await call('GET', `/v1/members/${id}/export`, organiser.secret),
      await call('POST', `/v1/members/${id}/erasure`, organiser.secret),
      // Keys: a new one is made (its secret is in the response), an unknown one, one in a URL.
      await call('POST', '/v1/keys', admin.secret, {
        name: 'newsletter',
        grants: [{ scope: 'members:read', chapterId: chapter.id }],
      }),
      await call('GET', `/v1/chapters/${chapter.id}/members`, `otg_${'x'.repeat(43)}`),
      await call('GET', `/v1/chapters?key=${organiser.secret}`, null),
    ];
    expect(outcomes.map((r) => r.status)).toEqual([409, 400, 200, 200, 200, 204, 201, 401, 400]);
    const newKey = await json(outcomes[6]!);
    expect(newKey.secret).toMatch(/^otg_/);

    expect(lines.length).toBeGreaterThanOrEqual(outcomes.length + 1);
    for (const line of lines) {
      expect(line.match(EMAIL_PATTERN)?.[0], line).toBeUndefined();
      expect(line, line).not.toMatch(/otg_/);
      expect(line, line).not.toMatch(/Logan|Imogen/);
    }
  });
});
