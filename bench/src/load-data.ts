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
import { systemCtx, withTransaction } from '../../packages/api/src/services/context.js';
import { prepareEventRow } from '../../packages/api/src/services/events/event-row.js';
import { upsertRows } from '../../packages/api/src/services/events/upsert-rows.js';
import { rollSeriesForward } from '../../packages/api/src/services/series/materialize-all-series.js';
import {
  PLACES,
  prng,
  type Rng,
  SENTENCES,
  STREETS,
  TAGS,
  TOPICS,
  UTC_OFFSET_HOURS,
  VENUE_NAMES,
} from './dataset-vocabulary.js';

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
      // The API's set-based upsert: one JSON parameter per batch. Drizzle's insert binds each
      // column of each row (35,000 parameters here), which was most of the load's CPU.
      const rows = batch;
      await withTransaction(
        systemCtx(db, ORIGIN, () => options.now),
        (w) => upsertRows(w, rows),
      );
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
