import { DateTime } from 'luxon';
import type { NewEventRow, VenueValue } from '../db/schema/index.js';

/**
 * Demo events: a realistic spread across chapters, languages, time zones,
 * formats and statuses, dated relative to "now" so the quick start always has
 * something upcoming. Every one is tagged `demo` and says so in its summary.
 */
export const DEMO_TAG = 'demo';
const DEMO_NOTE: Record<string, string> = {
  en: 'Demo data: not a real One Team Gov event.',
  cy: 'Data enghreifftiol: nid digwyddiad go iawn.',
  fr: 'Données de démonstration : pas un vrai événement.',
  sv: 'Demodata: inte ett riktigt evenemang.',
  nb: 'Demodata: ikke et ekte arrangement.',
  mi: 'He raraunga whakaatu.',
};

interface Template {
  key: string;
  title: Record<string, string>;
  description?: Record<string, string>;
  hour: number;
  minutes: number;
  durationMinutes: number;
  mode: 'inPerson' | 'online' | 'hybrid';
  tags: string[];
  principles: string[];
  capacity?: number;
}

const TEMPLATES: Record<string, Template[]> = {
  uk: [
    {
      key: 'unconference',
      title: { en: 'One Team Gov UK unconference' },
      description: {
        en: 'A day of sessions pitched on the day by public servants from every part of government.',
      },
      hour: 9,
      minutes: 30,
      durationMinutes: 450,
      mode: 'inPerson',
      tags: ['unconference'],
      principles: ['work-in-the-open', 'work-across-borders'],
      capacity: 250,
    },
    {
      key: 'breakfast',
      title: { en: 'Public sector breakfast' },
      hour: 8,
      minutes: 0,
      durationMinutes: 90,
      mode: 'inPerson',
      tags: ['breakfast', 'meetup'],
      principles: ['be-diverse-and-inclusive'],
      capacity: 30,
    },
  ],
  manchester: [
    {
      key: 'meetup',
      title: { en: 'Manchester meetup: digital inclusion in local services' },
      hour: 18,
      minutes: 0,
      durationMinutes: 120,
      mode: 'inPerson',
      tags: ['meetup'],
      principles: ['care-deeply-about-citizens'],
      capacity: 40,
    },
  ],
  scotland: [
    {
      key: 'show-and-tell',
      title: { en: 'Scotland show and tell' },
      hour: 12,
      minutes: 30,
      durationMinutes: 60,
      mode: 'online',
      tags: ['show-and-tell'],
      principles: ['work-in-the-open'],
    },
  ],
  wales: [
    {
      key: 'unconference',
      title: {
        cy: 'Anghynhadledd Un Tîm Llywodraeth Cymru, Caerdydd',
        en: 'One Team Gov Wales unconference, Cardiff',
      },
      description: {
        cy: 'Diwrnod o sesiynau dwyieithog yng Nghaerdydd.',
        en: 'A bilingual day of sessions in Cardiff (Caerdydd).',
      },
      hour: 9,
      minutes: 0,
      durationMinutes: 480,
      mode: 'inPerson',
      tags: ['unconference'],
      principles: ['be-diverse-and-inclusive', 'work-across-borders'],
      capacity: 150,
    },
    {
      key: 'paned',
      title: { cy: 'Paned a sgwrs', en: 'Cuppa and a chat' },
      hour: 10,
      minutes: 0,
      durationMinutes: 60,
      mode: 'online',
      tags: ['meetup'],
      principles: ['take-practical-action'],
    },
  ],
  sweden: [
    {
      key: 'frukost',
      title: {
        sv: 'Frukostmöte: offentlig sektor i förändring',
        en: 'Breakfast: a public sector in change',
      },
      hour: 8,
      minutes: 0,
      durationMinutes: 90,
      mode: 'hybrid',
      tags: ['breakfast'],
      principles: ['experiment-and-iterate'],
      capacity: 60,
    },
  ],
  norway: [
    {
      key: 'fagdag',
      title: { nb: 'Fagdag om tjenestedesign i offentlig sektor', en: 'Service design day' },
      hour: 9,
      minutes: 0,
      durationMinutes: 360,
      mode: 'inPerson',
      tags: ['workshop'],
      principles: ['embrace-technology', 'care-deeply-about-citizens'],
      capacity: 80,
    },
  ],
  canada: [
    {
      key: 'reunion',
      title: { en: 'Ottawa community meeting', fr: 'Réunion communautaire à Ottawa' },
      description: {
        fr: 'Une réunion bilingue pour les fonctionnaires de tous les ordres de gouvernement.',
        en: 'A bilingual meeting for public servants from every order of government.',
      },
      hour: 17,
      minutes: 30,
      durationMinutes: 120,
      mode: 'hybrid',
      tags: ['meetup'],
      principles: ['work-across-borders'],
      capacity: 50,
    },
  ],
  'new-zealand': [
    {
      key: 'hui',
      title: { en: 'One Team Gov NZ hui', mi: 'Hui a One Team Gov Aotearoa' },
      hour: 16,
      minutes: 0,
      durationMinutes: 120,
      mode: 'inPerson',
      tags: ['meetup'],
      principles: ['be-diverse-and-inclusive'],
      capacity: 40,
    },
  ],
  australia: [
    {
      key: 'webinar',
      title: { en: 'Policy and delivery: one team webinar' },
      hour: 12,
      minutes: 0,
      durationMinutes: 60,
      mode: 'online',
      tags: ['webinar'],
      principles: ['embrace-technology'],
    },
  ],
  global: [
    {
      key: 'global-call',
      title: { en: 'One Team Gov Global community call' },
      hour: 14,
      minutes: 0,
      durationMinutes: 60,
      mode: 'online',
      tags: ['community-call'],
      principles: ['work-across-borders', 'work-in-the-open'],
    },
  ],
};

const VENUES: Record<string, VenueValue> = {
  uk: {
    name: 'Civic hall (demo venue)',
    address: '1 Example Street',
    locality: 'London',
    postalCode: null,
    country: 'GB',
    lat: 51.5033,
    lng: -0.1196,
    addressVisibility: 'public',
  },
  manchester: {
    name: 'Community library (demo venue)',
    address: '2 Example Square',
    locality: 'Manchester',
    postalCode: null,
    country: 'GB',
    lat: 53.4794,
    lng: -2.2453,
    addressVisibility: 'public',
  },
  wales: {
    name: 'Canolfan gymunedol (demo venue)',
    address: '3 Example Road',
    locality: 'Cardiff',
    postalCode: null,
    country: 'GB',
    lat: 51.4837,
    lng: -3.1681,
    addressVisibility: 'onRequest',
  },
  sweden: {
    name: 'Kulturhus (demo venue)',
    address: 'Exempelgatan 4',
    locality: 'Stockholm',
    postalCode: null,
    country: 'SE',
    lat: 59.3326,
    lng: 18.0649,
    addressVisibility: 'public',
  },
  norway: {
    name: 'Kulturhuset (demo venue)',
    address: 'Eksempelgata 5',
    locality: 'Oslo',
    postalCode: null,
    country: 'NO',
    lat: 59.9139,
    lng: 10.7522,
    addressVisibility: 'public',
  },
  canada: {
    name: 'Community centre (demo venue)',
    address: '6 Example Avenue',
    locality: 'Ottawa',
    postalCode: null,
    country: 'CA',
    lat: 45.4236,
    lng: -75.7009,
    addressVisibility: 'public',
  },
  'new-zealand': {
    name: 'Community hall (demo venue)',
    address: '7 Example Quay',
    locality: 'Wellington',
    postalCode: null,
    country: 'NZ',
    lat: -41.2889,
    lng: 174.7772,
    addressVisibility: 'public',
  },
};

/** Small deterministic PRNG so the demo data is the same on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoEvents(
  chapters: { id: string; timeZone: string; languages: string[] }[],
  now: Date,
  origin: string,
): NewEventRow[] {
  const random = mulberry32(2017);
  const today = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day');
  const rows: NewEventRow[] = [];
  for (const chapter of chapters) {
    const templates = TEMPLATES[chapter.id] ?? [];
    for (const template of templates) {
      // Four dates per template: one recent, three ahead, roughly monthly.
      for (let n = 0; n < 4; n++) {
        const dayOffset = -20 + n * 35 + Math.floor(random() * 20);
        const day = today
          .plus({ days: dayOffset })
          .setZone(chapter.timeZone, { keepLocalTime: true });
        const start = day.set({ hour: template.hour, minute: template.minutes });
        const end = start.plus({ minutes: template.durationMinutes });
        const language = Object.keys(template.title)[0] ?? 'en';
        const note = DEMO_NOTE[language] ?? DEMO_NOTE.en!;
        const status =
          n === 2 && chapter.id === 'uk'
            ? 'cancelled'
            : n === 3 && chapter.id === 'canada'
              ? 'postponed'
              : n === 1 && chapter.id === 'sweden'
                ? 'movedOnline'
                : 'scheduled';
        const venue = template.mode === 'online' ? null : (VENUES[chapter.id] ?? null);
        rows.push({
          id: `demo-${chapter.id}-${template.key}-${start.toFormat('yyyyLLdd')}`,
          chapterId: chapter.id,
          title: template.title,
          summary: Object.fromEntries(
            Object.keys(template.title).map((l) => [l, DEMO_NOTE[l] ?? note]),
          ),
          description: template.description ?? null,
          inLanguage: Object.keys(template.title).filter((l) => chapter.languages.includes(l)),
          startsAt: start.toJSDate(),
          endsAt: end.toJSDate(),
          timeZone: chapter.timeZone,
          status,
          previousStartsAt: status === 'postponed' ? start.minus({ weeks: 2 }).toJSDate() : null,
          attendanceMode: status === 'movedOnline' ? 'online' : template.mode,
          venue,
          onlineUrl:
            template.mode !== 'inPerson' || status === 'movedOnline'
              ? `https://meet.example.org/otg-${chapter.id}`
              : null,
          registrationUrl: `https://tickets.example.org/otg-${chapter.id}-${template.key}`,
          capacity: template.capacity ?? null,
          tags: [...template.tags, DEMO_TAG],
          principles: template.principles,
          accessibility: {
            features: venue ? ['stepFreeAccess', 'accessibleToilets'] : ['liveCaptions'],
            notes: null,
          },
          sourceKind: 'demo',
          originInstance: origin,
        });
      }
    }
  }
  return rows;
}

/** One Team Gov North: 3rd Tuesday of every month, 18:00 Europe/London. */
export function northSeries(now: Date) {
  const start = DateTime.fromJSDate(now, { zone: 'Europe/London' })
    .minus({ months: 2 })
    .startOf('month');
  return {
    id: 'demo-north-monthly',
    chapterId: 'north',
    rrule: 'FREQ=MONTHLY;BYDAY=3TU',
    startLocal: `${start.toFormat('yyyy-LL-dd')}T18:00`,
    timeZone: 'Europe/London',
    durationMinutes: 120,
    title: { en: 'One Team Gov North monthly meetup' },
    summary: { en: `${DEMO_NOTE.en} Third Tuesday meetup for public servants across the North.` },
  };
}
