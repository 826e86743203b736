import { ACCESSIBILITY_FEATURES, PRINCIPLE_IDS } from '@oneteamgov/schema';
import { count, sql } from 'drizzle-orm';
import type { Db } from '../../packages/api/src/db/client.js';
import {
  type ChapterRow,
  chapters,
  eventSeries,
  events,
  type NewEventRow,
  type VenueValue,
} from '../../packages/api/src/db/schema/index.js';
import { searchTextOf } from '../../packages/api/src/lib/fold-text.js';
import { DEMO_CHAPTERS } from '../../packages/api/src/seed/chapters.js';
import { systemCtx } from '../../packages/api/src/services/context.js';
import { prepareEventRow } from '../../packages/api/src/services/events/event-row.js';
import { rollSeriesForward } from '../../packages/api/src/services/series/materialize-all-series.js';

/**
 * A realistic, deterministic data set: the eleven demo chapters, two recurring
 * series per chapter (materialised by the API's own code) and one-off events
 * spread over two years, one chapter ("uk") holding more than half of them so a
 * chapter-filtered page 50,000 rows deep exists.
 */
export const ORIGIN = 'https://hub.bench.example';
export const BIG_CHAPTER = 'uk';
const BIG_SHARE = 0.56;
const DAY_MS = 86_400_000;
const SPAN_DAYS = 730;

export interface DatasetWindow {
  /** Start of the data (UTC midnight a year before the run); the benchmark's `from`. */
  from: Date;
  to: Date;
}

export function datasetWindow(now: Date): DatasetWindow {
  const from = new Date(Math.floor((now.getTime() - 365 * DAY_MS) / DAY_MS) * DAY_MS);
  return { from, to: new Date(from.getTime() + SPAN_DAYS * DAY_MS) };
}

export interface LoadSummary {
  chapters: number;
  series: number;
  seriesEvents: number;
  oneOffEvents: number;
  events: number;
  perChapter: Record<string, number>;
  ms: number;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    some: <T>(items: readonly T[], min: number, max: number): T[] => {
      const n = min + Math.floor(next() * (max - min + 1));
      const pool = [...items];
      const out: T[] = [];
      while (out.length < n && pool.length > 0) {
        out.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as T);
      }
      return out;
    },
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

/** Rough standard offsets, only to put events at plausible local hours. */
const UTC_OFFSET_HOURS: Record<string, number> = {
  'Europe/London': 0,
  'Europe/Stockholm': 1,
  'Europe/Oslo': 1,
  'America/Toronto': -5,
  'Pacific/Auckland': 12,
  'Australia/Sydney': 10,
};

const PLACES: Record<string, { locality: string; lat: number; lng: number; country: string }> = {
  global: { locality: 'London', lat: 51.5074, lng: -0.1278, country: 'GB' },
  uk: { locality: 'London', lat: 51.5074, lng: -0.1278, country: 'GB' },
  north: { locality: 'Leeds', lat: 53.7997, lng: -1.5492, country: 'GB' },
  manchester: { locality: 'Manchester', lat: 53.4808, lng: -2.2426, country: 'GB' },
  scotland: { locality: 'Edinburgh', lat: 55.9533, lng: -3.1883, country: 'GB' },
  wales: { locality: 'Cardiff', lat: 51.4816, lng: -3.1791, country: 'GB' },
  sweden: { locality: 'Stockholm', lat: 59.3293, lng: 18.0686, country: 'SE' },
  norway: { locality: 'Oslo', lat: 59.9139, lng: 10.7522, country: 'NO' },
  canada: { locality: 'Ottawa', lat: 45.4215, lng: -75.6972, country: 'CA' },
  'new-zealand': { locality: 'Wellington', lat: -41.2865, lng: 174.7762, country: 'NZ' },
  australia: { locality: 'Canberra', lat: -35.2809, lng: 149.13, country: 'AU' },
};

const TOPICS: { en: string; cy: string; sv: string; nb: string; fr: string; mi: string }[] = [
  {
    en: 'Breakfast meetup',
    cy: 'Cyfarfod brecwast',
    sv: 'Frukostträff',
    nb: 'Frokostmøte',
    fr: 'Petit-déjeuner rencontre',
    mi: 'Hui parakuihi',
  },
  {
    en: 'Unconference',
    cy: 'Anghynhadledd',
    sv: 'Okonferens',
    nb: 'Ukonferanse',
    fr: 'Non-conférence',
    mi: 'Hui kore-hui',
  },
  {
    en: 'Show and tell',
    cy: 'Dangos a dweud',
    sv: 'Visa och berätta',
    nb: 'Vis og fortell',
    fr: 'Présentation de projets',
    mi: 'Whakaatu kōrero',
  },
  {
    en: 'Service design workshop',
    cy: 'Gweithdy dylunio gwasanaethau',
    sv: 'Workshop i tjänstedesign',
    nb: 'Verksted i tjenestedesign',
    fr: 'Atelier de conception de services',
    mi: 'Awheawhe hoahoa ratonga',
  },
  {
    en: 'Policy and delivery lunch',
    cy: 'Cinio polisi a chyflawni',
    sv: 'Lunch om policy och leverans',
    nb: 'Lunsj om politikk og leveranse',
    fr: 'Déjeuner politiques et prestation',
    mi: 'Tina kaupapa here',
  },
  {
    en: 'Digital inclusion roundtable',
    cy: 'Bord crwn cynhwysiant digidol',
    sv: 'Rundabordssamtal om digital inkludering',
    nb: 'Rundebord om digital inkludering',
    fr: 'Table ronde sur l’inclusion numérique',
    mi: 'Hui matihiko',
  },
  {
    en: 'Open data hack day',
    cy: 'Diwrnod hacio data agored',
    sv: 'Hackdag för öppna data',
    nb: 'Hackedag for åpne data',
    fr: 'Journée de hackathon données ouvertes',
    mi: 'Rā raraunga tuwhera',
  },
  {
    en: 'Walk and talk',
    cy: 'Cerdded a siarad',
    sv: 'Promenad och samtal',
    nb: 'Gå og snakk',
    fr: 'Marche et discussion',
    mi: 'Hīkoi kōrero',
  },
];

const SENTENCES = [
  'Public servants from every part of government come together to share what they are working on.',
  'Bring a problem you are stuck on; leave with three people who can help.',
  'Sessions are pitched on the day, so the agenda is whatever the room needs it to be.',
  'We will hear from a team that moved a paper process online and what they learnt about their users.',
  'No slides, no speeches: short talks followed by open conversation.',
  'Everyone is welcome, whatever your grade, profession or organisation.',
  'Tea, coffee and pastries are provided; tell us about any dietary needs when you register.',
  'The session will be recorded and notes published openly afterwards.',
  'This month the focus is on working across organisational boundaries to fix a shared problem.',
  'Newcomers are paired with a regular so nobody has to walk into the room alone.',
];

const TAGS = [
  'meetup',
  'breakfast',
  'unconference',
  'workshop',
  'show and tell',
  'networking',
  'digital',
  'policy',
  'data',
  'design',
  'leadership',
  'inclusion',
  'climate',
  'procurement',
];
const STREETS = ['High Street', 'Station Road', 'Market Square', 'Church Lane', 'Mill Road'];
const VENUE_NAMES = [
  'Civic Centre',
  'Public Library',
  'Community Hub',
  'Town Hall',
  'Co-working Loft',
];

function localized(chapter: ChapterRow, pick: (lang: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lang of chapter.languages) out[lang] = pick(lang);
  if (!out.en) out.en = pick('en');
  return out;
}

function topicIn(topic: (typeof TOPICS)[number], lang: string): string {
  return (topic as Record<string, string>)[lang] ?? topic.en;
}

function venuesFor(chapter: ChapterRow, rng: Rng): VenueValue[] {
  const place = PLACES[chapter.id] ?? { locality: null, lat: 0, lng: 0, country: null };
  return VENUE_NAMES.map((name, i) => ({
    name: `${place.locality ?? 'Online'} ${name}`,
    address: `${rng.int(1, 200)} ${STREETS[i % STREETS.length]}`,
    locality: place.locality,
    postalCode: rng.chance(0.7) ? `${rng.int(10, 99)} ${rng.int(100, 999)}` : null,
    country: place.country ?? chapter.country ?? null,
    lat: Math.round((place.lat + (rng.next() - 0.5) * 0.1) * 1e5) / 1e5,
    lng: Math.round((place.lng + (rng.next() - 0.5) * 0.1) * 1e5) / 1e5,
    addressVisibility: i === 4 ? 'onRequest' : 'public',
  }));
}

function oneOffEvent(
  chapter: ChapterRow,
  venues: VenueValue[],
  window: DatasetWindow,
  seq: number,
  rng: Rng,
): NewEventRow {
  const offset = UTC_OFFSET_HOURS[chapter.timeZone] ?? 0;
  const day = rng.int(0, SPAN_DAYS - 1);
  const localHour = rng.pick([8, 9, 10, 12, 13, 17, 18, 19]);
  const minute = rng.pick([0, 0, 15, 30, 45]);
  const allDay = rng.chance(0.04);
  const startsAt = new Date(
    window.from.getTime() +
      day * DAY_MS +
      ((allDay ? 0 : localHour) - offset) * 3_600_000 +
      (allDay ? 0 : minute) * 60_000,
  );
  const minutes = allDay
    ? rng.pick([1, 1, 2, 3]) * 24 * 60
    : rng.pick([60, 90, 90, 120, 120, 180, 240, 450]);
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  const topic = rng.pick(TOPICS);
  const mode = rng.pick(['inPerson', 'inPerson', 'inPerson', 'online', 'hybrid'] as const);
  const status = rng.pick([
    ...Array<'scheduled'>(18).fill('scheduled'),
    'cancelled',
    'postponed',
    'rescheduled',
    'movedOnline',
  ] as const);
  const id = `${chapter.id}-${startsAt.toISOString().slice(0, 10).replaceAll('-', '')}-${seq.toString(36)}`;
  const sourceKind = rng.pick([
    'push',
    'push',
    'push',
    'push',
    'push',
    'push',
    'ics',
    'instance',
  ] as const);
  const description = rng.chance(0.6) ? { en: rng.some(SENTENCES, 2, 6).join(' ') } : null;
  return {
    id,
    chapterId: chapter.id,
    title: localized(
      chapter,
      (lang) => `${topicIn(topic, lang)} · ${PLACES[chapter.id]?.locality ?? 'Online'}`,
    ),
    summary: rng.chance(0.8) ? { en: rng.pick(SENTENCES) } : null,
    description,
    inLanguage: chapter.languages,
    startsAt,
    endsAt,
    timeZone: chapter.timeZone,
    allDay,
    status,
    previousStartsAt:
      status === 'rescheduled' || status === 'postponed'
        ? new Date(startsAt.getTime() - rng.int(1, 30) * DAY_MS)
        : null,
    attendanceMode: mode,
    venue: mode === 'online' ? null : rng.pick(venues),
    onlineUrl: mode === 'inPerson' ? null : `https://meet.example.org/otg-${id}`,
    registrationUrl: rng.chance(0.85) ? `https://tickets.example.org/otg-${id}` : null,
    capacity: rng.chance(0.7) ? rng.pick([20, 25, 30, 40, 60, 100, 250]) : null,
    tags: rng.some(TAGS, 1, 3),
    principles: rng.some(PRINCIPLE_IDS, 1, 3),
    accessibility: {
      features: rng.some(ACCESSIBILITY_FEATURES, 0, 3),
      notes: rng.chance(0.2) ? { en: 'Step-free access through the side entrance.' } : null,
    },
    sourceKind,
    sourceId: sourceKind === 'push' ? null : `${sourceKind}-${chapter.id}`,
    upstreamUid: sourceKind === 'push' ? null : `${id}@upstream.example.org`,
    originInstance: ORIGIN,
    lastSeenAt:
      sourceKind === 'push'
        ? null
        : new Date(window.from.getTime() + rng.int(0, SPAN_DAYS) * DAY_MS),
  };
}

async function insertChapters(db: Db): Promise<ChapterRow[]> {
  const rows = [...DEMO_CHAPTERS]
    .sort((a, b) => Number(!!a.parentId) - Number(!!b.parentId))
    .map((c) => ({
      ...c,
      origin: ORIGIN,
      searchText: searchTextOf(c.name, c.description, c.locality ?? undefined),
    }));
  await db.insert(chapters).values(rows);
  return db.select().from(chapters);
}

/** Two series per chapter, expanded by the API's own materializeSeries. */
async function insertSeries(db: Db, all: ChapterRow[], now: Date, rng: Rng): Promise<number> {
  let series = 0;
  for (const chapter of all) {
    const start = new Date(now.getTime() - 60 * DAY_MS).toISOString().slice(0, 8);
    const venues = venuesFor(chapter, rng);
    const rules = [
      {
        suffix: 'weekly',
        rrule: 'FREQ=WEEKLY;BYDAY=TH',
        time: '08:00',
        minutes: 60,
        topic: TOPICS[0]!,
      },
      {
        suffix: 'monthly',
        rrule: 'FREQ=MONTHLY;BYDAY=3TU',
        time: '18:00',
        minutes: 120,
        topic: TOPICS[2]!,
      },
    ];
    for (const rule of rules) {
      const id = `${chapter.id}-${rule.suffix}`;
      await db.insert(eventSeries).values({
        id,
        chapterId: chapter.id,
        rrule: rule.rrule,
        startLocal: `${start}01T${rule.time}`,
        timeZone: chapter.timeZone,
        durationMinutes: rule.minutes,
        template: {
          title: localized(chapter, (lang) => topicIn(rule.topic, lang)),
          summary: { en: rng.pick(SENTENCES) },
          inLanguage: chapter.languages,
          attendanceMode: 'inPerson',
          venue: venues[0]!,
          registrationUrl: `https://tickets.example.org/otg-${id}`,
          capacity: 30,
          tags: ['meetup'],
          principles: ['work-across-borders'],
          accessibility: { features: ['stepFreeAccess'], notes: null },
          sourceKind: 'push',
          originInstance: ORIGIN,
        },
      });
      await rollSeriesForward(
        systemCtx(db, ORIGIN, () => now),
        id,
      );
      series += 1;
    }
  }
  return series;
}

/**
 * Loads the data set into an empty, migrated database. `now` must be the real
 * current time: the API re-materialises series windows relative to it on start.
 */
export async function loadData(
  db: Db,
  options: { total: number; now: Date; batchSize?: number; onProgress?: (done: number) => void },
): Promise<LoadSummary> {
  const started = performance.now();
  const rng = prng(2017);
  const window = datasetWindow(options.now);
  const batchSize = options.batchSize ?? 1_000;

  const all = await insertChapters(db);
  const series = await insertSeries(db, all, options.now, rng);
  const [seriesCount] = await db.select({ n: count() }).from(events);
  const seriesEvents = seriesCount?.n ?? 0;

  const oneOff = Math.max(0, options.total - seriesEvents);
  const big = Math.round(oneOff * BIG_SHARE);
  const others = all.filter((c) => c.id !== BIG_CHAPTER);
  const quota = new Map<string, number>([[BIG_CHAPTER, big]]);
  others.forEach((c, i) => {
    const share = Math.floor((oneOff - big) / others.length);
    quota.set(c.id, share + (i < (oneOff - big) % others.length ? 1 : 0));
  });

  const venuesByChapter = new Map(all.map((c) => [c.id, venuesFor(c, rng)]));
  const byId = new Map(all.map((c) => [c.id, c]));
  // Interleave chapters so every batch looks like real mixed traffic.
  const order: string[] = [];
  for (const [id, n] of quota) for (let i = 0; i < n; i++) order.push(id);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }

  let batch: NewEventRow[] = [];
  let done = 0;
  for (let seq = 0; seq < order.length; seq++) {
    const chapter = byId.get(order[seq]!)!;
    batch.push(
      prepareEventRow(
        oneOffEvent(chapter, venuesByChapter.get(chapter.id)!, window, seq, rng),
        chapter,
      ),
    );
    if (batch.length === batchSize || seq === order.length - 1) {
      await db.insert(events).values(batch);
      done += batch.length;
      options.onProgress?.(done);
      batch = [];
    }
  }

  const perChapterRows = await db
    .select({ chapterId: events.chapterId, n: count() })
    .from(events)
    .where(sql`${events.deletedAt} is null`)
    .groupBy(events.chapterId);
  const perChapter = Object.fromEntries(perChapterRows.map((r) => [r.chapterId, r.n]));
  return {
    chapters: all.length,
    series,
    seriesEvents,
    oneOffEvents: done,
    events: seriesEvents + done,
    perChapter,
    ms: Math.round(performance.now() - started),
  };
}
