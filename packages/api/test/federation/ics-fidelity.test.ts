import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { upsertSource } from '../../src/services/sources/manage-sources.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { createWorker } from '../../src/sync/worker.js';
import { testDatabases } from '../helpers/databases.js';
import { startFeedServer } from '../helpers/feed-server.js';
import { createChapter, uniqueId } from '../helpers/fixtures.js';
import {
  googleShaped,
  JITSI_LINK,
  MEET_LINK,
  MEETUP_LIBRARY_PAGE,
  MEETUP_ONLINE_PAGE,
  meetupShaped,
  outlookShaped,
  TEAMS_LINK,
  TEAMS_ROOM_LINK,
  ZOOM_LINK,
} from '../helpers/held-out-calendars.js';
import { testCtx } from '../helpers/service-ctx.js';
import { createTestApp } from '../helpers/test-app.js';

/** January next year: inside the sync window (30 days back, 400 ahead) whenever the test runs. */
const YEAR = new Date().getUTCFullYear() + 1;
const JANUARY = { from: `${YEAR}-01-01T00:00:00Z`, to: `${YEAR}-02-01T00:00:00Z` };

describe.each(testDatabases())('held-out calendars import every field on $name', (backend) => {
  let database: Database;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let t: ReturnType<typeof createTestApp>;
  const chapterIds: Record<'wales' | 'sweden' | 'norway', string> = {
    wales: '',
    sweden: '',
    norway: '',
  };

  beforeAll(async () => {
    database = await backend.open();
    feed = await startFeedServer();
    t = createTestApp(database);
    const worker = createWorker(
      {
        db: database.db,
        logger: pino({ level: 'silent' }),
        selfOrigin: 'https://hub.test.example',
        now: () => new Date(),
        fetchPolicy: defaultFetchPolicy({
          allowList: ['127.0.0.1'],
          userAgent: 'test',
          maxBytes: 2_000_000,
        }),
        parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
      },
      { pollMs: 60_000, leaseMs: 60_000 },
    );
    const calendars = {
      wales: {
        body: googleShaped(YEAR),
        country: 'GB',
        timeZone: 'Europe/London',
        languages: ['en', 'cy'],
      },
      sweden: {
        body: outlookShaped(YEAR),
        country: 'SE',
        timeZone: 'Europe/Stockholm',
        languages: ['sv'],
      },
      norway: {
        body: meetupShaped(YEAR),
        country: 'NO',
        timeZone: 'Europe/Oslo',
        languages: ['nb'],
      },
    };
    for (const [key, { body, ...chapter }] of Object.entries(calendars)) {
      const row = await createChapter(database.db, chapter);
      chapterIds[key as keyof typeof chapterIds] = row.id;
      const sourceId = uniqueId('ics');
      await upsertSource(testCtx(database.db), {
        id: sourceId,
        chapterId: row.id,
        kind: 'ics',
        url: `${feed.url}/${sourceId}.ics`,
      });
      feed.serveCalendar(body);
      const run = await worker.syncNow(sourceId);
      expect(run?.counts).toMatchObject({ rejected: 0 });
    }
  });
  afterAll(async () => {
    await feed?.close();
    await database?.close();
  });

  const list = async (chapter: string, query: Record<string, unknown> = {}) =>
    (
      await t.client.GET('/v1/events', {
        params: { query: { chapter: [chapter], ...JANUARY, ...query } },
      })
    ).data;

  it('imports all 12 occurrences (an RDATE set keeps its DTSTART)', async () => {
    const all = await Promise.all(Object.values(chapterIds).map((id) => list(id)));
    expect(all.map((events) => events.length)).toEqual([5, 4, 3]);
    const lunches = all[0]!.filter((e) => e.title.en === 'Reading group');
    expect(lunches.map((e) => e.localStartsAt)).toEqual([
      `${YEAR}-01-12T12:30:00Z`.replace('Z', '+00:00'),
      `${YEAR}-01-19T12:30:00+00:00`,
      `${YEAR}-01-26T12:30:00+00:00`,
    ]);
  });

  it('Google shape: hybrid with the Meet link, online via Zoom, Welsh with its position and tags', async () => {
    const events = await list(chapterIds.wales);
    const show = events.find((e) => e.title.en === 'Cardiff show and tell')!;
    expect(show).toMatchObject({
      attendanceMode: 'hybrid',
      onlineUrl: MEET_LINK,
      registrationUrl: null,
      venue: {
        name: 'Tramshed Tech',
        address: 'Pendyris Street, Cardiff CF11 6BH, UK',
        lat: null,
        lng: null,
      },
      inLanguage: [],
      timeZone: 'Europe/London',
    });
    const lunch = events.find((e) => e.title.en === 'Reading group')!;
    expect(lunch).toMatchObject({
      attendanceMode: 'online',
      onlineUrl: ZOOM_LINK,
      venue: null,
      // "#OneTeamGov", "Reading Group" and "reading group" in the hub's tag form, once each.
      tags: ['oneteamgov', 'reading group'],
    });
    const breakfast = events.find((e) => e.title.cy === 'Brecwast OTG Cymru')!;
    expect(breakfast).toMatchObject({
      attendanceMode: 'inPerson',
      inLanguage: ['cy', 'en'],
      venue: { name: 'Canolfan Mileniwm', address: 'Bae Caerdydd', lat: 51.4651, lng: -3.1634 },
      registrationUrl: 'https://example.org/otg-cymru/brecwast',
      tags: ['brecwast'],
    });
  });

  it('Outlook shape: Teams-only is online with no venue; room plus Teams is hybrid; Stockholm keeps its zone', async () => {
    const [call, ...breakfasts] = await list(chapterIds.sweden);
    expect(call).toMatchObject({
      attendanceMode: 'online',
      onlineUrl: TEAMS_LINK,
      venue: null,
      inLanguage: ['sv-SE'],
      timeZone: 'Europe/Stockholm',
      localStartsAt: `${YEAR}-01-13T10:00:00+01:00`,
    });
    expect(breakfasts).toHaveLength(3);
    for (const breakfast of breakfasts) {
      expect(breakfast).toMatchObject({
        attendanceMode: 'hybrid',
        onlineUrl: TEAMS_ROOM_LINK,
        venue: { name: 'Kulturhuset', address: 'Sergels torg 1, Stockholm' },
        tags: ['öppen data', 'digitalisering'],
        timeZone: 'Europe/Stockholm',
      });
    }
  });

  it('Meetup shape: "Online event" is online, the venue has its position, the Meetup page is kept', async () => {
    const [online, library, lunch] = await list(chapterIds.norway);
    expect(online).toMatchObject({
      attendanceMode: 'online',
      onlineUrl: null,
      venue: null,
      registrationUrl: MEETUP_ONLINE_PAGE,
      inLanguage: ['nb'],
      timeZone: 'Europe/Oslo',
    });
    expect(library).toMatchObject({
      attendanceMode: 'inPerson',
      venue: {
        name: 'Deichman Bjørvika',
        address: 'Anne-Cath. Vestlys plass 1, Oslo',
        lat: 59.9081,
        lng: 10.7527,
      },
      registrationUrl: MEETUP_LIBRARY_PAGE,
    });
    expect(lunch).toMatchObject({ attendanceMode: 'online', onlineUrl: JITSI_LINK });
  });

  it('list filters find imported events: inLanguage, near, tag, attendanceMode', async () => {
    const titles = (events: { title: Record<string, string> }[]) =>
      events.map((e) => Object.values(e.title)[0]);
    expect(titles(await list(chapterIds.wales, { inLanguage: ['cy'] }))).toEqual([
      'Brecwast OTG Cymru',
    ]);
    expect(titles(await list(chapterIds.norway, { near: '59.91,10.75', radiusKm: 2 }))).toEqual([
      'Sommerfest på biblioteket',
    ]);
    expect(titles(await list(chapterIds.wales, { tag: ['oneteamgov'] }))).toHaveLength(3);
    expect(titles(await list(chapterIds.sweden, { attendanceMode: ['online'] }))).toEqual([
      'Planeringsmöte för unconference',
    ]);
  });
});
