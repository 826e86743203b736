import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestApp, TEST_ORIGIN } from '../helpers/test-app.js';

const AS_JSON = 'application/activity+json';
const HOST = new URL(TEST_ORIGIN).host;

describe.each(testDatabases())('ActivityPub discovery and documents on $name', (backend) => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let chapterId: string;

  const get = (path: string, accept = AS_JSON) =>
    app.fetch(new Request(`${TEST_ORIGIN}${path}`, { headers: { accept } }));
  // biome-ignore lint/suspicious/noExplicitAny: the documents are checked field by field below.
  const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

  beforeAll(async () => {
    database = await backend.open();
    app = createTestApp(database).app;
    const chapter = await createChapter(database.db, {
      name: { en: 'Wales', cy: 'Cymru' },
      description: { en: 'One Team Gov in Wales', cy: 'Un Tîm Llywodraeth yng Nghymru' },
      languages: ['en', 'cy'],
    });
    chapterId = chapter.id;
    await createEvent(database.db, chapter, {
      title: { en: 'Cardiff breakfast' },
      attendanceMode: 'inPerson',
      venue: {
        name: 'Tramshed Tech',
        address: 'Pendyris Street',
        locality: 'Cardiff',
        postalCode: 'CF11 6BH',
        country: 'GB',
        lat: 51.475,
        lng: -3.182,
        addressVisibility: 'public',
      },
    });
    await createEvent(database.db, chapter, {
      title: { en: 'Mirrored from elsewhere' },
      sourceKind: 'instance',
      originInstance: 'https://other-hub.example',
    });
  });
  afterAll(() => database?.close());

  it('finds a chapter by its handle with WebFinger', async () => {
    const res = await get(
      `/.well-known/webfinger?resource=acct:${chapterId}@${HOST}`,
      'application/jrd+json',
    );
    expect(res.status).toBe(200);
    const jrd = await json(res);
    expect(jrd.subject).toBe(`acct:${chapterId}@${HOST}`);
    expect(jrd.links).toContainEqual(
      expect.objectContaining({
        rel: 'self',
        type: AS_JSON,
        href: `${TEST_ORIGIN}/ap/chapters/${chapterId}`,
      }),
    );
  });

  it('answers 404 for a handle that is no chapter of this hub', async () => {
    const unknown = await get(`/.well-known/webfinger?resource=acct:nobody@${HOST}`);
    expect(unknown.status).toBe(404);
    const mirrored = await createChapter(database.db, { origin: 'https://other-hub.example' });
    const elsewhere = await get(`/.well-known/webfinger?resource=acct:${mirrored.id}@${HOST}`);
    expect(elsewhere.status).toBe(404);
  });

  it('describes the server with NodeInfo 2.1', async () => {
    const links = await json(get('/.well-known/nodeinfo', 'application/json'));
    const href = links.links.find((l: { rel: string }) => l.rel.endsWith('/schema/2.1')).href;
    expect(href).toBe(`${TEST_ORIGIN}/nodeinfo/2.1`);
    const info = await json(get('/nodeinfo/2.1', 'application/json'));
    expect(info.software.name).toBe('oneteamgov-hub');
    expect(info.protocols).toEqual(['activitypub']);
    expect(info.usage.users.total).toBeGreaterThanOrEqual(1);
  });

  it('serves the chapter as a Group with inbox, outbox, followers and a public key', async () => {
    const res = await get(`/ap/chapters/${chapterId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(AS_JSON);
    const actor = await json(res);
    const id = `${TEST_ORIGIN}/ap/chapters/${chapterId}`;
    expect(actor).toMatchObject({
      id,
      type: 'Group',
      preferredUsername: chapterId,
      name: 'Wales',
      nameMap: { en: 'Wales', cy: 'Cymru' },
      summary: 'One Team Gov in Wales',
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      followers: `${id}/followers`,
      endpoints: { sharedInbox: `${TEST_ORIGIN}/ap/inbox` },
      manuallyApprovesFollowers: false,
    });
    expect(actor.publicKey.id).toBe(`${id}#main-key`);
    expect(actor.publicKey.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    // The key is created once and kept: asking again gives the same one.
    const again = await json(get(`/ap/chapters/${chapterId}`));
    expect(again.publicKey.publicKeyPem).toBe(actor.publicKey.publicKeyPem);
  });

  it('lists the chapter’s own events in its outbox as Mobilizon-shaped Create activities', async () => {
    const collection = await json(get(`/ap/chapters/${chapterId}/outbox`));
    expect(collection).toMatchObject({ type: 'OrderedCollection', totalItems: 1 });
    const first = new URL(collection.first);
    const page = await json(get(first.pathname + first.search));
    expect(page.type).toBe('OrderedCollectionPage');
    expect(page.orderedItems).toHaveLength(1);
    const [create] = page.orderedItems;
    expect(create.type).toBe('Create');
    expect(create.actor).toBe(`${TEST_ORIGIN}/ap/chapters/${chapterId}`);
    expect(create.object).toMatchObject({
      type: 'Event',
      name: 'Cardiff breakfast',
      timezone: 'Europe/London',
      isOnline: false,
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        type: 'Place',
        name: 'Tramshed Tech',
        latitude: 51.475,
        longitude: -3.182,
        address: { type: 'PostalAddress', addressLocality: 'Cardiff', postalCode: 'CF11 6BH' },
      },
    });
    expect(create.object.url).toMatch(new RegExp(`^${TEST_ORIGIN}/events/`));
    expect(Date.parse(create.object.startTime)).toBeGreaterThan(0);
    expect(Date.parse(create.object.endTime)).toBeGreaterThan(Date.parse(create.object.startTime));
    // The event's id is a document of its own.
    const objectPath = new URL(create.object.id).pathname;
    const object = await json(get(objectPath));
    expect(object.name).toBe('Cardiff breakfast');
  });

  it('refuses unknown query parameters on its own routes, as the API does', async () => {
    const res = await get(`/ap/chapters/${chapterId}/outbox?pages=1`);
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].detail).toContain('did you mean "page"');
  });

  it('hands browsers on to the rest of the site and answers 404 for unknown actors', async () => {
    // There is no HTML page at an actor's URL: a browser gets the site's 404, not the JSON.
    const browser = await get(`/ap/chapters/${chapterId}`, 'text/html');
    expect(browser.status).toBe(404);
    expect(browser.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/ap/chapters/nobody')).status).toBe(404);
  });
});
