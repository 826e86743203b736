/*
 * Parse throughput and linearity of parseIcs. Not part of the test suite
 * (timing assertions are flaky); run by hand:
 *
 *   pnpm --filter @oneteamgov/bench run bench:ics-parse [-- --no-baseline]
 *
 * Generates Google-style feeds of 5k and 20k VEVENTs (one in five a weekly
 * series with an EXDATE and a RECURRENCE-ID override, one in ten an override),
 * parses each five times (best run counts) and prints VEVENTs/s and the 20k/5k time ratio
 * (4 = linear, 16 = quadratic). The baseline is ical.js used the default way
 * (one ICAL.parse, `new ICAL.Event(vevent)` per VEVENT), which lets every
 * event scan the whole calendar for its exceptions; it runs on 2.5k and 5k
 * only, as it is quadratic.
 */
import { createRequire } from 'node:module';
import { type IcsParseOptions, parseIcs } from '../../packages/api/src/sync/ics/index.js';

/** The few ical.js calls the baseline makes. */
interface IcalComponent {
  getAllSubcomponents(name: string): IcalComponent[];
  hasProperty(name: string): boolean;
}
interface IcalLibrary {
  parse(text: string): unknown;
  Component: new (jCal: unknown) => IcalComponent;
  Event: new (
    component: IcalComponent,
  ) => { iterator(): { next(): unknown }; getOccurrenceDetails(time: unknown): unknown };
}

// The baseline uses the API's own copy of ical.js (the bench package does not depend on it).
const ICAL = createRequire(new URL('../../packages/api/package.json', import.meta.url))(
  'ical.js',
) as IcalLibrary;

const OPTIONS: IcsParseOptions = {
  window: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') },
  maxOccurrencesPerEvent: 500,
  maxEvents: 1_000_000,
  defaultTimeZone: 'Europe/London',
  defaultLanguage: 'en',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** A feed of `count` VEVENTs; returns the text and how many are masters vs overrides. */
function feed(count: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bench//EN',
    'X-WR-CALNAME:Bench',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/London',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0000',
    'TZOFFSETTO:+0100',
    'DTSTART:19700329T010000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'DTSTART:19701025T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  let written = 0;
  for (let n = 0; written < count; n += 1) {
    const day = new Date(Date.UTC(2026, 0, 1) + (n % 360) * 86_400_000);
    const date = `${day.getUTCFullYear()}${pad(day.getUTCMonth() + 1)}${pad(day.getUTCDate())}`;
    const hour = pad(9 + (n % 9));
    const uid = `bench-${n}@example.org`;
    const common = [
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `SUMMARY:Bench event ${n}`,
      `DESCRIPTION:Description of event ${n}\\, with a comma and a second sentence.`,
      'LOCATION:Somewhere\\, Some Town',
      'ORGANIZER;CN=Someone:mailto:someone@example.org',
      'STATUS:CONFIRMED',
    ];
    const start = `DTSTART;TZID=Europe/London:${date}T${hour}0000`;
    const end = `DTEND;TZID=Europe/London:${date}T${hour}4500`;
    if (n % 5 === 0 && written + 2 <= count) {
      // A weekly series of 10 with one EXDATE and one moved occurrence.
      const week2 = new Date(day.getTime() + 7 * 86_400_000);
      const d2 = `${week2.getUTCFullYear()}${pad(week2.getUTCMonth() + 1)}${pad(week2.getUTCDate())}`;
      const week3 = new Date(day.getTime() + 14 * 86_400_000);
      const d3 = `${week3.getUTCFullYear()}${pad(week3.getUTCMonth() + 1)}${pad(week3.getUTCDate())}`;
      lines.push('BEGIN:VEVENT', ...common, start, end, 'RRULE:FREQ=WEEKLY;COUNT=10');
      lines.push(`EXDATE;TZID=Europe/London:${d2}T${hour}0000`, 'END:VEVENT');
      lines.push('BEGIN:VEVENT', ...common, `RECURRENCE-ID;TZID=Europe/London:${d3}T${hour}0000`);
      lines.push(
        `DTSTART;TZID=Europe/London:${d3}T${hour}3000`,
        `DTEND;TZID=Europe/London:${d3}T${hour}5500`,
      );
      lines.push('SEQUENCE:1', 'END:VEVENT');
      written += 2;
    } else {
      lines.push('BEGIN:VEVENT', ...common, start, end, 'END:VEVENT');
      written += 1;
    }
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

function best(runs: number, work: () => number): { ms: number; items: number } {
  let ms = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    items = work();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, items };
}

/** ical.js used the default way: every ICAL.Event scans the calendar for its exceptions. */
function baseline(text: string): number {
  const calendar = new ICAL.Component(ICAL.parse(text));
  let items = 0;
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(vevent);
    const iterator = event.iterator();
    for (let next = iterator.next(); next && items < 1e9; next = iterator.next()) {
      event.getOccurrenceDetails(next);
      items += 1;
    }
  }
  return items;
}

const sizes = [5_000, 20_000];
const results = new Map<number, number>();
parseIcs(feed(500), OPTIONS); // warm up JIT and caches
for (const size of sizes) {
  const text = feed(size);
  const { ms, items } = best(5, () => parseIcs(text, OPTIONS).items.length);
  results.set(size, ms);
  console.log(
    `parseIcs  ${String(size).padStart(6)} VEVENTs (${(text.length / 1e6).toFixed(1)} MB): ${ms.toFixed(0)} ms, ` +
      `${Math.round((size / ms) * 1000)} VEVENTs/s, ${items} items`,
  );
}
const ratio = (results.get(20_000) ?? 0) / (results.get(5_000) ?? 1);
console.log(`parseIcs  20k/5k time ratio: ${ratio.toFixed(2)} (4 = linear, 16 = quadratic)`);

if (!process.argv.includes('--no-baseline')) {
  const base = new Map<number, number>();
  for (const size of [2_500, 5_000]) {
    const text = feed(size);
    const { ms } = best(1, () => baseline(text));
    base.set(size, ms);
    console.log(
      `baseline  ${String(size).padStart(6)} VEVENTs: ${ms.toFixed(0)} ms, ${Math.round((size / ms) * 1000)} VEVENTs/s`,
    );
  }
  const baseRatio = (base.get(5_000) ?? 0) / (base.get(2_500) ?? 1);
  console.log(`baseline  5k/2.5k time ratio: ${baseRatio.toFixed(2)} (2 = linear, 4 = quadratic)`);
}
