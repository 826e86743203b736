import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { eventSeries } from '../../src/db/schema/index.js';
import { openApiDocument } from '../../src/openapi.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent, uniqueId } from '../helpers/fixtures.js';
import { createTestKey, organiserGrants } from '../helpers/keys.js';
import { keyedRequests } from '../helpers/member-requests.js';
import { testCtx } from '../helpers/service-ctx.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/test-app.js';

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

const PEOPLE = [
  { name: 'Pat Publicprofile', email: 'pat.public@example.gov.uk', public: true },
  { name: 'Sam Secretive', email: 'sam.secret@example.gov.uk', public: false },
  { name: 'Hana Hiddenname', email: 'hana.hidden@example.org', public: false },
];

/** Text that must never appear in a public response. */
const PRIVATE = [
  ...PEOPLE.map((p) => p.email),
  ...PEOPLE.filter((p) => !p.public).map((p) => p.name),
  'Ivor Imported',
  'ivor.imported@example.net',
  '"email"',
  'contactable',
  'consentHistory',
  'noticeVersion',
];

interface Operation {
  path: string;
  produces: string[];
}

/** Every GET the OpenAPI document lists without `security`: what anyone can call. */
function publicOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(openApiDocument().paths ?? {})) {
    const get = (item as Record<string, unknown>).get as
      | { security?: unknown; responses?: Record<string, { content?: Record<string, unknown> }> }
      | undefined;
    if (!get || get.security) continue;
    operations.push({ path, produces: Object.keys(get.responses?.['200']?.content ?? {}) });
  }
  return operations;
}

describe.each(testDatabases())('public responses carry no personal data on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  const fill: Record<string, string> = {};

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const chapter = await createChapter(database.db);
    fill.chapterId = chapter.id;
    fill.eventId = (await createEvent(database.db, chapter)).id;
    await createEvent(database.db, chapter);
    fill.sourceId = uniqueId('feed');
    await upsertSource(testCtx(database.db), {
      id: fill.sourceId,
      chapterId: chapter.id,
      kind: 'ics',
      url: 'https://cal.example.org/a.ics',
    });
    fill.seriesId = uniqueId('series');
    await database.db.insert(eventSeries).values({
      id: fill.seriesId,
      chapterId: chapter.id,
      rrule: 'FREQ=MONTHLY;BYDAY=3TU',
      startLocal: '2026-01-20T18:00:00',
      timeZone: 'Europe/London',
      durationMinutes: 120,
      template: { title: { en: 'Third Tuesday' }, originInstance: TEST_ORIGIN },
    });

    const organiser = keyedRequests(
      t,
      (await createTestKey(database.db, organiserGrants(chapter.id))).secret,
    );
    for (const person of PEOPLE) {
      const member = await organiser.addMember(chapter.id, {
        name: person.name,
        email: person.email,
        organisation: 'Test Office',
      });
      fill.memberId = member.id;
      await organiser.send('PUT', `/v1/members/${member.id}/consents/contactable`, {
        granted: true,
        noticeVersion: 'v1',
      });
      if (person.public)
        await organiser.send('PUT', `/v1/members/${member.id}/consents/publicProfile`, {
          granted: true,
          noticeVersion: 'v1',
        });
    }
    await organiser.send('POST', `/v1/chapters/${chapter.id}/members/import`, {
      members: [{ name: 'Ivor Imported', email: 'ivor.imported@example.net' }],
    });
  });
  afterAll(() => database?.close());

  async function fetchAll(path: string, accept: string): Promise<string[]> {
    const bodies: string[] = [];
    const feed = path === '/v1/changes';
    // Small pages, so following `next` is exercised, not just the first page.
    let url: string | null = `http://hub.test${path}${feed ? '?limit=2' : ''}`;
    // The change feed is followed to its end: every record it would give a peer.
    while (url) {
      const response = await t.fetch(url, { headers: { accept } });
      expect(response.status, `${path} (${accept})`).toBe(200);
      bodies.push(await response.text());
      const next = response.headers.get('link')?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
      url = feed && next ? `http://hub.test${next}` : null;
    }
    if (feed) expect(bodies.length).toBeGreaterThan(1);
    return bodies;
  }

  it('fills every path parameter of every public operation', () => {
    const unfilled = publicOperations().flatMap(({ path }) =>
      [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => !fill[name]),
    );
    // A new public operation with a new parameter must be added to this scan.
    expect(unfilled).toEqual([]);
    expect(publicOperations().map((o) => o.path)).toEqual(
      expect.arrayContaining([
        '/v1/changes',
        '/v1/chapters/{chapterId}/membership',
        '/v1/membership',
      ]),
    );
  });

  it('shows opted-in profiles and never an e-mail, a private name or consent data', async () => {
    const scanned: string[] = [];
    let seenPublicProfile = false;
    for (const { path, produces } of publicOperations()) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => fill[name] ?? name);
      const accepts = produces.length > 0 ? produces : ['*/*'];
      for (const accept of accepts) {
        for (const body of await fetchAll(concrete, accept)) {
          scanned.push(`${path} ${accept}`);
          // iCalendar UIDs are `id@host` identifiers (RFC 5545), not mailboxes.
          const text = accept === 'text/calendar' ? body.replace(/^UID:.*$/gm, '') : body;
          expect(text.match(EMAIL_PATTERN)?.[0], `${path} (${accept})`).toBeUndefined();
          for (const secret of PRIVATE)
            expect(text.includes(secret), `${path} (${accept}) contains ${secret}`).toBe(false);
          if (body.includes(PEOPLE[0]!.name)) seenPublicProfile = true;
        }
      }
    }
    expect(scanned).toEqual(
      expect.arrayContaining([
        '/v1/events/{eventId} application/ld+json',
        '/v1/chapters/{chapterId}/events.ics text/calendar',
        '/v1/chapters/{chapterId}/membership application/json',
      ]),
    );
    // The scan is not vacuous: the one person who opted in is visible.
    expect(seenPublicProfile).toBe(true);
  });
});
