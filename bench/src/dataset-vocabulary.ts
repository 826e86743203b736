/**
 * What the bench's data set is made of: a deterministic random source and the
 * places, topics, sentences, tags and venues events are drawn from
 * (load-data.ts builds the events).
 */
/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
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
export type Rng = ReturnType<typeof prng>;

/** Rough standard offsets, only to put events at plausible local hours. */
export const UTC_OFFSET_HOURS: Record<string, number> = {
  'Europe/London': 0,
  'Europe/Stockholm': 1,
  'Europe/Oslo': 1,
  'America/Toronto': -5,
  'Pacific/Auckland': 12,
  'Australia/Sydney': 10,
};

export const PLACES: Record<
  string,
  { locality: string; lat: number; lng: number; country: string }
> = {
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

export const TOPICS: { en: string; cy: string; sv: string; nb: string; fr: string; mi: string }[] =
  [
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

export const SENTENCES = [
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

export const TAGS = [
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
export const STREETS = ['High Street', 'Station Road', 'Market Square', 'Church Lane', 'Mill Road'];
export const VENUE_NAMES = [
  'Civic Centre',
  'Public Library',
  'Community Hub',
  'Town Hall',
  'Co-working Loft',
];
