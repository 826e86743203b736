// Test-only fixtures (not a *.test.ts file, so vitest does not run it).
import { Chapter, Event } from '@oneteamgov/schema';
import { DateTime } from 'luxon';

export const HUB = 'https://hub.example.org';
export const FEED_URL = `${HUB}/v1/events.ics?chapter=wales`;
export const eventUrl = (event: { id: string }) => `${HUB}/events/${event.id}`;

/** As the API renders it: RFC 3339 local time with the zone's offset. */
function localIso(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

type Required = Pick<Event, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timeZone'>;

/** A complete, schema-valid public Event; parsing keeps the fixtures honest. */
export function makeEvent(fields: Required & Partial<Event>): Event {
  return Event.parse({
    chapterId: 'wales',
    summary: null,
    description: null,
    inLanguage: [],
    allDay: false,
    status: 'scheduled',
    previousStartsAt: null,
    attendanceMode: 'inPerson',
    venue: null,
    onlineUrl: null,
    registrationUrl: null,
    capacity: null,
    tags: [],
    principles: [],
    accessibility: { features: [], notes: null },
    series: null,
    provenance: {
      sourceKind: 'push',
      sourceId: null,
      upstreamUid: null,
      originInstance: HUB,
      lastSeenAt: null,
    },
    sequence: 0,
    createdAt: '2026-01-02T09:00:00.000Z',
    updatedAt: '2026-02-03T10:30:00.000Z',
    localStartsAt: localIso(fields.startsAt, fields.timeZone),
    localEndsAt: localIso(fields.endsAt, fields.timeZone),
    ...fields,
  });
}

const venue = (v: Partial<NonNullable<Event['venue']>> & { name: string }) => ({
  address: null,
  locality: null,
  postalCode: null,
  country: null,
  lat: null,
  lng: null,
  addressVisibility: 'public' as const,
  ...v,
});

/** 18:00–20:00 BST (UTC+1) on a summer Tuesday. */
export const londonSummer = makeEvent({
  id: 'north-monthly-20260721t180000',
  title: { en: 'One Team Gov London summer meetup' },
  summary: { en: 'Summer meetup; bring a friend, and ideas.' },
  startsAt: '2026-07-21T17:00:00.000Z',
  endsAt: '2026-07-21T19:00:00.000Z',
  timeZone: 'Europe/London',
  venue: venue({
    name: 'The Hub',
    address: '1 Horse Guards Road',
    locality: 'London',
    postalCode: 'SW1A 2HQ',
    country: 'GB',
    lat: 51.5028,
    lng: -0.1289,
  }),
  registrationUrl: 'https://tickets.example.com/london-summer',
  capacity: 40,
  tags: ['meetup', 'london'],
  series: { id: 'north-monthly', recurrenceId: '20260721T180000', rrule: 'FREQ=MONTHLY;BYDAY=3TU' },
  sequence: 2,
});

/** 18:00–20:00 GMT (UTC+0) in winter: same zone, other offset. */
export const londonWinter = makeEvent({
  id: 'north-monthly-20260120t180000',
  title: { en: 'One Team Gov London winter meetup' },
  startsAt: '2026-01-20T18:00:00.000Z',
  endsAt: '2026-01-20T20:00:00.000Z',
  timeZone: 'Europe/London',
  venue: venue({ name: 'The Hub', locality: 'London', lat: 51.4779, lng: 0 }),
});

/** 23:00 GMT to 03:00 BST: spans the clocks going forward on 29 March 2026. */
export const londonOvernight = makeEvent({
  id: 'london-hack-night',
  title: { en: 'Hack night into British Summer Time' },
  startsAt: '2026-03-28T23:00:00.000Z',
  endsAt: '2026-03-29T02:00:00.000Z',
  timeZone: 'Europe/London',
  venue: venue({ name: 'Somewhere in London', locality: 'London' }),
});

/** 18:00 EST in Toronto; street address withheld (onRequest); English and French. */
export const toronto = makeEvent({
  id: 'toronto-20261105',
  chapterId: 'canada',
  title: { en: 'One Team Gov Canada meetup', fr: 'Rencontre Une équipe gouvernementale' },
  startsAt: '2026-11-05T23:00:00.000Z',
  endsAt: '2026-11-06T01:00:00.000Z',
  timeZone: 'America/Toronto',
  inLanguage: ['en', 'fr'],
  venue: venue({
    name: 'Civic Hall',
    address: null,
    locality: 'Toronto',
    country: 'CA',
    addressVisibility: 'onRequest',
  }),
});

/** All day on 14 and 15 March in Sydney (AEDT, UTC+11): local midnight to midnight. */
export const sydneyAllDay = makeEvent({
  id: 'sydney-unconference-2026',
  chapterId: 'australia',
  title: { en: 'One Team Gov Australia unconference' },
  startsAt: '2026-03-13T13:00:00.000Z',
  endsAt: '2026-03-15T13:00:00.000Z',
  timeZone: 'Australia/Sydney',
  allDay: true,
  venue: venue({ name: 'Town Hall', locality: 'Sydney', country: 'AU' }),
});

export const cancelled = makeEvent({
  id: 'london-picnic-20260801',
  title: { en: 'Summer picnic' },
  startsAt: '2026-08-01T11:00:00.000Z',
  endsAt: '2026-08-01T15:00:00.000Z',
  timeZone: 'Europe/London',
  status: 'cancelled',
  venue: venue({ name: "St James's Park", locality: 'London' }),
  sequence: 3,
});

export const postponed = makeEvent({
  id: 'toronto-workshop',
  chapterId: 'canada',
  title: { en: 'Service design workshop' },
  startsAt: '2026-06-10T13:00:00.000Z',
  endsAt: '2026-06-10T16:00:00.000Z',
  timeZone: 'America/Toronto',
  status: 'postponed',
  previousStartsAt: '2026-05-13T13:00:00.000Z',
  venue: venue({ name: 'Civic Hall', address: '100 Queen St W', locality: 'Toronto' }),
  sequence: 1,
});

const WELSH_LONG =
  'Ymunwch â ni yng Nghaerdydd am anghynhadledd ddwyieithog: sgyrsiau agored am ' +
  'ddiwygio’r sector cyhoeddus, gweithio yn yr awyr agored, a chydweithio ar draws ' +
  'ffiniau. Croeso i bawb — ŵyr, ŷd, a phaned.';

/** Bilingual Welsh/English, with long multibyte text to exercise line folding. */
export const bilingual = makeEvent({
  id: 'wales-unconference-2026',
  title: { cy: 'Anghynhadledd Un Tîm Llywodraeth Cymru', en: 'One Team Gov Wales unconference' },
  description: { cy: WELSH_LONG, en: 'Join us in Cardiff for a bilingual unconference.' },
  inLanguage: ['cy', 'en'],
  startsAt: '2026-09-12T08:30:00.000Z',
  endsAt: '2026-09-12T16:00:00.000Z',
  timeZone: 'Europe/London',
  venue: venue({
    name: 'Tramshed Tech',
    address: 'Pendyris St',
    locality: 'Cardiff',
    country: 'GB',
    lat: 51.4769,
    lng: -3.1854,
  }),
  tags: ['unconference', 'cymraeg'],
});

/** Online only, in UTC: written as UTC times, with no VTIMEZONE. */
export const online = makeEvent({
  id: 'global-online-call',
  chapterId: 'global',
  title: { en: 'Global online call' },
  startsAt: '2026-04-02T12:00:00.000Z',
  endsAt: '2026-04-02T13:00:00.000Z',
  timeZone: 'UTC',
  attendanceMode: 'online',
  onlineUrl: 'https://meet.example.com/otg',
});

/** Hybrid, in a zone known by an alias (canonical Asia/Kolkata). */
export const hybridKolkata = makeEvent({
  id: 'india-hybrid',
  chapterId: 'india',
  title: { en: 'One Team Gov India hybrid session' },
  startsAt: '2026-05-05T12:30:00.000Z',
  endsAt: '2026-05-05T14:00:00.000Z',
  timeZone: 'Asia/Calcutta',
  attendanceMode: 'hybrid',
  venue: venue({
    name: 'Civic Centre',
    locality: 'Delhi',
    country: 'IN',
    lat: 28.6139,
    lng: 77.209,
  }),
  onlineUrl: 'https://meet.example.com/india',
});

export const movedOnline = makeEvent({
  id: 'moved-online',
  title: { en: 'Now online: retro' },
  startsAt: '2026-10-01T17:00:00.000Z',
  endsAt: '2026-10-01T18:00:00.000Z',
  timeZone: 'Europe/London',
  status: 'movedOnline',
  venue: venue({ name: 'The Hub', locality: 'London', lat: 51.5, lng: -0.12 }),
});

export const ALL_EVENTS = [
  londonSummer,
  londonWinter,
  londonOvernight,
  toronto,
  sydneyAllDay,
  cancelled,
  postponed,
  bilingual,
  online,
  hybridKolkata,
  movedOnline,
];

export const walesChapter = Chapter.parse({
  id: 'wales',
  name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
  kind: 'regional',
  parentId: 'uk',
  country: 'GB',
  locality: 'Cardiff',
  timeZone: 'Europe/London',
  languages: ['cy', 'en'],
  description: null,
  website: 'https://wales.example.org/',
  contact: null,
  socialLinks: [],
  location: null,
  status: 'active',
  foundedOn: null,
  origin: HUB,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
