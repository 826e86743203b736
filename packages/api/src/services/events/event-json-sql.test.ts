import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, testDatabases } from '../../../test/helpers/databases.js';
import { createChapter } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import { eventSeries, events, type NewEventRow } from '../../db/schema/index.js';
import { listEventsPage } from './list-events.js';
import { selectEvents } from './select-events.js';
import { toEvent } from './to-event.js';

const BASE = Date.UTC(2031, 2, 1, 9, 0, 0);
const HOUR = 3_600_000;

const AWKWARD =
  'quote " backslash \\ slash / tab \t newline \n return \r bell \u0007 nul-ish \u001f del \u007f';
const EMOJI =
  'emoji 🎉 non-BMP 𝄞 𠜎, accents éàü, RTL مرحبا, zero-width \u200b, line sep \u2028 \u2029';

/** Rows whose JSON is easy to get subtly wrong, one property each. */
function awkwardRows(chapterId: string, seriesId: string): NewEventRow[] {
  const base = (n: number, overrides: Partial<NewEventRow>): NewEventRow => ({
    id: `drift-${String(n).padStart(2, '0')}`,
    chapterId,
    title: { en: `Event ${n}` },
    startsAt: new Date(BASE + n * HOUR),
    endsAt: new Date(BASE + n * HOUR + HOUR),
    timeZone: 'Europe/London',
    originInstance: TEST_ORIGIN,
    ...overrides,
  });
  const statuses = ['scheduled', 'cancelled', 'postponed', 'rescheduled', 'movedOnline'] as const;
  return [
    base(1, {
      title: { en: AWKWARD, cy: EMOJI, 'zh-Hant': '活動 "引號"' },
      summary: { en: '\\"already escaped\\"', fr: '' },
      description: { en: `${AWKWARD}\n${EMOJI}` },
      tags: ['a"b', 'c\\d', '🎉', 'new\nline'],
      principles: ['open', 'inclusive'],
      inLanguage: ['en', 'cy', 'zh-Hant'],
    }),
    base(2, { venue: null, attendanceMode: 'online', onlineUrl: 'https://example.test/a?b="c"' }),
    base(3, {
      venue: {
        name: 'Hall "A" \\ 🎉',
        address: '1 Secret Street',
        locality: 'Cardiff',
        postalCode: 'CF10 1AA',
        country: 'GB',
        lat: 51.48158312345679,
        lng: -3.179089987654321,
        addressVisibility: 'onRequest',
      },
    }),
    base(4, {
      venue: {
        name: 'Public hall',
        address: '2 Open Road\nFloor 3',
        locality: null,
        postalCode: null,
        country: 'GB',
        lat: 0.00001,
        lng: -1e-7,
        addressVisibility: 'public',
      },
      capacity: 0,
    }),
    base(5, {
      allDay: true,
      startsAt: new Date(Date.UTC(2031, 2, 10)),
      endsAt: new Date(Date.UTC(2031, 2, 12)),
      timeZone: 'UTC',
      capacity: 2_147_483_647,
    }),
    base(6, {
      seriesId,
      recurrenceId: '20310301T100000Z',
      sequence: 7,
      accessibility: {
        features: ['stepFreeAccess', 'hearingLoop'],
        notes: { en: 'Ring "the bell" \\ twice', cy: '🔔' },
      },
    }),
    base(7, { seriesId, recurrenceId: '' }),
    ...statuses.map((status, i) =>
      base(10 + i, {
        status,
        previousStartsAt: status === 'rescheduled' ? new Date(BASE - 5 * HOUR + 123) : null,
        startsAt: new Date(BASE + (10 + i) * HOUR + 456),
        endsAt: new Date(BASE + (10 + i) * HOUR + HOUR + 999),
      }),
    ),
    // Offsets that are not whole hours, and a summer-time change inside the event.
    base(20, { timeZone: 'Asia/Kathmandu' }),
    base(21, { timeZone: 'Pacific/Chatham', startsAt: new Date(Date.UTC(2031, 3, 5, 13, 30)) }),
    base(22, { timeZone: 'America/St_Johns', endsAt: new Date(Date.UTC(2031, 2, 9, 12)) }),
    base(23, { timeZone: 'Australia/Lord_Howe' }),
    base(24, {
      sourceKind: 'ics',
      sourceId: null,
      upstreamUid: 'uid"with\\odd\u0001chars@example.test',
      lastSeenAt: new Date(BASE + 1),
      registrationUrl: 'https://example.test/register',
    }),
  ];
}

describe.each(testDatabases())('event JSON built by PostgreSQL on $name', (backend) => {
  let database: TestDb;
  let chapterId: string;

  beforeAll(async () => {
    database = await backend.open();
    const chapter = await createChapter(database.db);
    chapterId = chapter.id;
    const seriesId = `${chapterId}-series`;
    await database.db.insert(eventSeries).values({
      id: seriesId,
      chapterId,
      rrule: 'FREQ=WEEKLY;BYDAY=MO;X-NAME="odd\\value"',
      startLocal: '2031-03-01T10:00:00',
      timeZone: 'Europe/London',
      durationMinutes: 60,
      template: { title: { en: 'Weekly' }, originInstance: TEST_ORIGIN },
    });
    await database.db.insert(events).values(awkwardRows(chapterId, seriesId));
    // Venues as another writer might have stored them: numbers with more digits than a
    // double holds, exponents, trailing zeros, no address at all, an empty object.
    const venues: [string, string][] = [
      [
        'drift-30',
        '{"name": "Digits", "lat": 51.507351234567891234567, "lng": -0.12775800000, "addressVisibility": "public", "address": "x"}',
      ],
      [
        'drift-31',
        '{"name": "Exponents", "lat": 1e-7, "lng": 1.5e21, "addressVisibility": "onRequest"}',
      ],
      [
        'drift-32',
        '{"name": "No address", "lat": 12e15, "lng": 1e-6, "addressVisibility": "public"}',
      ],
      ['drift-33', '{}'],
      ['drift-34', 'null'],
    ];
    await database.db.insert(events).values(
      venues.map(([id], i) => ({
        id,
        chapterId,
        title: { en: id },
        startsAt: new Date(BASE + (30 + i) * HOUR),
        endsAt: new Date(BASE + (31 + i) * HOUR),
        timeZone: 'Europe/Paris',
        originInstance: TEST_ORIGIN,
      })),
    );
    for (const [id, venue] of venues) {
      await database.db.execute(sql`update events set venue = ${venue}::jsonb where id = ${id}`);
    }
    // Other shapes of the jsonb columns: a null inside a text, accessibility without notes.
    const title = JSON.stringify({ en: 'has "null": null', fr: null });
    const features = JSON.stringify({ features: ['step free', 'a, "b": c'] });
    const extra = JSON.stringify({ notes: { en: 'n' }, features: [], extra: [1, null] });
    await database.db.execute(
      sql`update events set title = ${title}::jsonb, accessibility = ${features}::jsonb where id = 'drift-33'`,
    );
    await database.db.execute(
      sql`update events set accessibility = ${extra}::jsonb where id = 'drift-34'`,
    );
  });
  afterAll(() => database?.close());

  it('is byte for byte what toEvent and JSON.stringify write, for every awkward row', async () => {
    const from = new Date(BASE - 10 * 24 * HOUR).toISOString();
    const page = await listEventsPage(testCtx(database.db), {
      chapter: [chapterId],
      from,
      limit: 100,
    });
    const rows = await selectEvents(database.db)
      .where(eq(events.chapterId, chapterId))
      .orderBy(asc(events.startsAt), asc(events.id));
    expect(rows.length).toBe(22);
    const fromJs = JSON.stringify(rows.map(toEvent));
    const parsed = JSON.parse(page.items) as unknown[];
    expect(parsed.length).toBe(rows.length);
    // Item by item first, so a difference names its event.
    for (const [i, row] of rows.entries()) {
      expect(JSON.stringify(parsed[i]), row.id).toBe(JSON.stringify(toEvent(row)));
    }
    expect(page.items).toBe(fromJs);
  });

  it('gives the next cursor of the last row of a page, as toISOString writes its start', async () => {
    const from = new Date(BASE - 10 * 24 * HOUR).toISOString();
    const input = { chapter: [chapterId], from, limit: 11 };
    const first = await listEventsPage(testCtx(database.db), input);
    const second = await listEventsPage(testCtx(database.db), {
      ...input,
      cursor: first.nextCursor!,
    });
    const rows = await selectEvents(database.db)
      .where(eq(events.chapterId, chapterId))
      .orderBy(asc(events.startsAt), asc(events.id));
    expect(first.items).toBe(JSON.stringify(rows.slice(0, 11).map(toEvent)));
    expect(second.items).toBe(JSON.stringify(rows.slice(11, 22).map(toEvent)));
    const [, startsAt, id] = JSON.parse(
      Buffer.from(first.nextCursor!, 'base64url').toString('utf8'),
    ) as string[];
    expect([startsAt, id]).toEqual([rows[10]!.startsAt.toISOString(), rows[10]!.id]);
  });
});
