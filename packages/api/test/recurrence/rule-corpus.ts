/**
 * Recurrence sets for the differential test against python-dateutil: the
 * rules that went wrong before, textbook rules from RFC 5545, and rules built
 * from a fixed seed (the same corpus on every run), in zones with and without
 * DST, starting on and around DST changes.
 */
export interface RuleCase {
  id: string;
  /** IANA zone of DTSTART (and of all-day dates). */
  tz: string;
  /** "YYYYMMDD" (all-day) or "YYYYMMDDTHHMMSS" wall clock in tz. */
  dtstart: string;
  allDay: boolean;
  rrules: string[];
  /** Wall clock in tz, like dtstart. */
  rdates: string[];
  /** Wall clock in tz, or "YYYYMMDDTHHMMSSZ" in UTC. */
  exdates: string[];
  from: string;
  to: string;
}

const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2027-07-01T00:00:00.000Z';

export const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Auckland',
  'Europe/Stockholm',
  'America/Sao_Paulo',
  'UTC',
];

function make(
  id: string,
  tz: string,
  dtstart: string,
  rrules: string[],
  extra: Partial<RuleCase> = {},
): RuleCase {
  return {
    id,
    tz,
    dtstart,
    allDay: dtstart.length === 8,
    rrules,
    rdates: [],
    exdates: [],
    from: FROM,
    to: TO,
    ...extra,
  };
}

/** Rules that ical.js expanded wrongly, and the shapes chapters really use. */
const KNOWN: RuleCase[] = [
  make('yearly-byhour', 'Europe/London', '20260310T090000', ['FREQ=YEARLY;BYHOUR=9,10']),
  make('yearly-monthday-byhour', 'Europe/London', '20260101T090000', [
    'FREQ=YEARLY;BYMONTHDAY=1,15;BYHOUR=9,10',
  ]),
  make('exdate-after-two-misses', 'Europe/London', '20260106T180000', ['FREQ=WEEKLY;COUNT=6'], {
    exdates: ['20260106T190000', '20260113T070000', '20260120T180000'],
  }),
  make(
    'exdate-utc-after-two-misses',
    'America/New_York',
    '20260305T180000',
    ['FREQ=WEEKLY;COUNT=6'],
    {
      exdates: ['20260305T180000Z', '20260312T180000Z', '20260312T220000Z'],
    },
  ),
  make('third-tuesday', 'Europe/London', '20260120T180000', ['FREQ=MONTHLY;BYDAY=3TU']),
  make('last-friday', 'Europe/Stockholm', '20260130T083000', ['FREQ=MONTHLY;BYDAY=-1FR']),
  make('first-weekday', 'America/New_York', '20260101T120000', [
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1',
  ]),
  make('last-weekday', 'Australia/Sydney', '20260130T170000', [
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  ]),
  make('fortnightly', 'Pacific/Auckland', '20260106T073000', ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU']),
  make('weekdays-breakfast', 'America/St_Johns', '20260105T080000', [
    'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260601T000000Z',
  ]),
  make('monthly-31st', 'Asia/Kolkata', '20260131T100000', ['FREQ=MONTHLY;BYMONTHDAY=31']),
  make('monthly-last-day', 'Europe/London', '20260131T100000', ['FREQ=MONTHLY;BYMONTHDAY=-1']),
  make('leap-day', 'UTC', '20240229T120000', ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29']),
  make('week-53-thursday', 'Europe/Stockholm', '20260101T100000', [
    'FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH',
  ]),
  make('year-day-100', 'America/Sao_Paulo', '20260410T090000', ['FREQ=YEARLY;BYYEARDAY=100,-1']),
  make('wkst-sunday', 'America/New_York', '20260105T090000', [
    'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,SU',
  ]),
  make('wkst-monday', 'America/New_York', '20260105T090000', [
    'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=MO;BYDAY=TU,SU',
  ]),
  make('us-election-day', 'America/New_York', '20261103T070000', [
    'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
  ]),
  make('friday-13th', 'Europe/London', '20260213T190000', ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13']),
  make('daily-in-gap-london', 'Europe/London', '20260327T013000', ['FREQ=DAILY;COUNT=5']),
  make('daily-in-overlap-london', 'Europe/London', '20261023T013000', ['FREQ=DAILY;COUNT=5']),
  make('daily-in-gap-new-york', 'America/New_York', '20260306T023000', ['FREQ=DAILY;COUNT=5']),
  make('daily-in-overlap-new-york', 'America/New_York', '20261030T013000', ['FREQ=DAILY;COUNT=5']),
  make('daily-in-gap-sydney', 'Australia/Sydney', '20261002T023000', ['FREQ=DAILY;COUNT=5']),
  make('daily-in-overlap-sydney', 'Australia/Sydney', '20260403T023000', ['FREQ=DAILY;COUNT=5']),
  make('hourly-across-spring', 'Europe/London', '20260328T220000', ['FREQ=HOURLY;COUNT=8']),
  make('hourly-across-autumn', 'America/New_York', '20261031T220000', ['FREQ=HOURLY;COUNT=8']),
  make('quarter-hours-in-gap', 'Pacific/Auckland', '20260927T013000', [
    'FREQ=MINUTELY;INTERVAL=15;COUNT=12',
  ]),
  make('all-day-weekly', 'Europe/London', '20260320', ['FREQ=WEEKLY;COUNT=6']),
  make('all-day-monthly-until-date', 'America/New_York', '20260115', [
    'FREQ=MONTHLY;UNTIL=20260915',
  ]),
  make('all-day-rdate-exdate', 'Australia/Sydney', '20260401', ['FREQ=WEEKLY;COUNT=5'], {
    rdates: ['20260420', '20260408'],
    exdates: ['20260415'],
  }),
  make('rdate-in-gap-and-dup', 'Europe/London', '20260322T013000', ['FREQ=WEEKLY;COUNT=3'], {
    rdates: ['20260329T013000', '20260329T023000', '20260405T013000', '20260401T120000'],
  }),
  make('start-not-on-rule', 'Europe/London', '20260107T180000', ['FREQ=WEEKLY;BYDAY=TU;COUNT=4']),
  make('until-z-in-summer', 'Europe/London', '20260601T180000', [
    'FREQ=DAILY;UNTIL=20260605T170000Z',
  ]),
  make('two-rrules', 'Europe/Stockholm', '20260105T120000', [
    'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
    'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3',
  ]),
  make('started-years-ago', 'Europe/London', '20150106T180000', ['FREQ=WEEKLY;BYDAY=TU']),
  make('setpos-second-last', 'Asia/Kolkata', '20260101T170000', [
    'FREQ=MONTHLY;BYDAY=MO,WE,FR;BYSETPOS=2,-2',
  ]),
  make('yearly-nth-weekday-by-month', 'Europe/London', '20260101T100000', [
    'FREQ=YEARLY;BYMONTH=3,9;BYDAY=2WE',
  ]),
  make('yearly-20th-monday', 'UTC', '20260101T090000', ['FREQ=YEARLY;BYDAY=20MO']),
  make('daily-byhour-byminute', 'Australia/Sydney', '20260401T000000', [
    'FREQ=DAILY;BYHOUR=2,14;BYMINUTE=0,30;COUNT=40',
  ]),
];

/** mulberry32: a tiny deterministic generator, so the corpus is the same on every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const some = <T>(list: readonly T[], max: number): T[] => {
    const count = int(1, max);
    const out = new Set<T>();
    while (out.size < count) out.add(pick(list));
    return [...out];
  };
  return { next, int, pick, some };
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** Dates around the 2026 DST changes of the zones above, and ordinary ones. */
const START_DATES = [
  '20260308',
  '20260329',
  '20260405',
  '20260927',
  '20261004',
  '20261025',
  '20261101',
  '20260115',
  '20260214',
  '20260601',
  '20260731',
  '20251201',
  '20251019',
  '20260228',
];
const START_TIMES = ['003000', '013000', '023000', '090000', '120000', '181500', '233000'];
const pad = (n: number) => String(n).padStart(2, '0');

function randomRule(r: ReturnType<typeof seeded>, allDay: boolean): string {
  const freq = allDay
    ? r.pick(['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const)
    : r.pick(['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'DAILY', 'HOURLY', 'MINUTELY'] as const);
  const parts = [`FREQ=${freq}`];
  const subDaily = freq === 'HOURLY' || freq === 'MINUTELY';
  if (!subDaily && r.next() < 0.35) parts.push(`INTERVAL=${r.int(2, 3)}`);
  if (subDaily) parts.push(`INTERVAL=${r.pick([1, 1, 5, 7])}`);
  if (freq === 'YEARLY' && r.next() < 0.5)
    parts.push(`BYMONTH=${r.some([1, 2, 3, 4, 6, 9, 10, 11, 12], 3).join(',')}`);
  if (freq === 'MONTHLY' && r.next() < 0.2)
    parts.push(`BYMONTH=${r.some([1, 3, 5, 7, 10], 3).join(',')}`);
  const ordinals =
    freq === 'MONTHLY' || (freq === 'YEARLY' && parts.some((p) => p.startsWith('BYMONTH=')));
  if (freq !== 'WEEKLY' && !subDaily && r.next() < 0.35) {
    parts.push(`BYMONTHDAY=${r.some([1, 2, 10, 15, 28, 29, 30, 31, -1, -7], 3).join(',')}`);
  } else if (freq !== 'DAILY' && !subDaily && r.next() < 0.7) {
    const days = r.some(DAYS, 3);
    const withOrdinal = ordinals && r.next() < 0.5;
    parts.push(
      `BYDAY=${days.map((d) => (withOrdinal ? `${r.pick([1, 2, 3, 4, -1, -2])}${d}` : d)).join(',')}`,
    );
    if (!withOrdinal && days.length > 1 && freq === 'MONTHLY' && r.next() < 0.4) {
      parts.push(`BYSETPOS=${r.pick([1, 2, -1, '1,-1'])}`);
    }
  }
  if (freq === 'DAILY' && r.next() < 0.3) parts.push(`BYDAY=${r.some(DAYS, 4).join(',')}`);
  if (!allDay && !subDaily && r.next() < 0.3) {
    parts.push(`BYHOUR=${r.some([0, 1, 2, 3, 9, 12, 18, 23], 2).join(',')}`);
    if (r.next() < 0.4) parts.push(`BYMINUTE=${r.some([0, 15, 30, 45], 2).join(',')}`);
  }
  if (!subDaily && r.next() < 0.15) parts.push(`WKST=${r.pick(DAYS)}`);
  // Sub-daily rules always end soon; the rest end by COUNT, by UNTIL or not at all.
  const ending = subDaily ? 0 : r.next();
  if (ending < 0.4) parts.push(`COUNT=${subDaily ? r.int(3, 60) : r.int(1, 40)}`);
  else if (ending < 0.7) {
    const until = `2026${pad(r.int(3, 12))}${pad(r.int(1, 28))}`;
    parts.push(allDay ? `UNTIL=${until}` : `UNTIL=${until}T${pad(r.int(0, 23))}0000Z`);
  }
  // The order of parts does not matter; shuffle a little so the parser sees both.
  return r.next() < 0.5 ? parts.join(';') : [parts[0], ...parts.slice(1).reverse()].join(';');
}

function generated(count: number): RuleCase[] {
  const r = seeded(0x5eed2026);
  const cases: RuleCase[] = [];
  for (let n = 0; n < count; n += 1) {
    const allDay = r.next() < 0.15;
    const tz = r.pick(ZONES);
    const date = r.pick(START_DATES);
    const dtstart = allDay ? date : `${date}T${r.pick(START_TIMES)}`;
    const extra: Partial<RuleCase> = {};
    if (r.next() < 0.3) {
      // EXDATEs and RDATEs near the start, some on rule dates and some not.
      const base = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8));
      const at = (days: number, time: string) => {
        const d = new Date(base + days * 86_400_000);
        const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
        return allDay ? day : `${day}T${time}`;
      };
      const time = dtstart.slice(9) || '000000';
      extra.exdates = [
        at(r.int(1, 3) * 7, time),
        at(r.int(1, 60), time),
        at(r.int(1, 30), '101010'),
      ];
      extra.rdates = [at(r.int(1, 90), time), at(r.int(1, 90), allDay ? time : '023000')];
    }
    cases.push(make(`generated-${n}`, tz, dtstart, [randomRule(r, allDay)], extra));
  }
  return cases;
}

export const CORPUS: RuleCase[] = [...KNOWN, ...generated(220)];
