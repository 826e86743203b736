import { describe, expect, it } from 'vitest';
import {
  googleShaped,
  JITSI_LINK,
  MEET_LINK,
  MEETUP_LIBRARY_PAGE,
  MEETUP_LUNCH_PAGE,
  MEETUP_ONLINE_PAGE,
  meetupShaped,
  outlookShaped,
  TEAMS_LINK,
  TEAMS_ROOM_LINK,
  ZOOM_LINK,
} from '../../../test/helpers/held-out-calendars.js';
import { calendar, options, timing } from '../../../test/helpers/ics-calendars.js';
import { type IcsItem, parseIcs } from './index.js';

/** Every field but the texts, which other tests cover. */
const fields = (item: IcsItem) => {
  const { title: _t, description: _d, ...rest } = item;
  return { ...rest, startsAt: item.startsAt.toISOString(), endsAt: item.endsAt.toISOString() };
};

describe('parseIcs keeps what a Google Calendar export says', () => {
  const result = parseIcs(googleShaped(2026), options({ defaultTimeZone: 'Europe/London' }));
  const byUid = (uid: string) => result.items.filter((i) => i.upstreamUid === uid);

  it('imports every occurrence and rejects nothing', () => {
    expect(result.rejected).toEqual([]);
    expect(result.items).toHaveLength(5);
  });

  it("drops Google's Meet boilerplate from the description (the link is kept as onlineUrl)", () => {
    const [show] = byUid('cymru-hybrid-7h2k@google.com');
    expect(show!.description).toEqual({ en: 'Show and tell, in the room or on Meet.' });
  });

  it('a venue plus X-GOOGLE-CONFERENCE is hybrid with the Meet link', () => {
    expect(byUid('cymru-hybrid-7h2k@google.com').map(fields)).toEqual([
      {
        upstreamUid: 'cymru-hybrid-7h2k@google.com',
        recurrenceId: null,
        location: 'Tramshed Tech, Pendyris Street, Cardiff CF11 6BH, UK',
        geo: null,
        url: null,
        online: true,
        onlineUrl: MEET_LINK,
        languages: [],
        startsAt: '2026-01-14T18:00:00.000Z',
        endsAt: '2026-01-14T20:00:00.000Z',
        timeZone: 'Europe/London',
        allDay: false,
        status: 'scheduled',
        sequence: 0,
        categories: [],
      },
    ]);
  });

  it('an RDATE set keeps DTSTART as its first instance (RFC 5545); a Zoom link in DESCRIPTION makes it online', () => {
    const lunches = byUid('cymru-lunch-rdates-4m9q@google.com');
    expect(lunches.map((i) => [i.recurrenceId, i.startsAt.toISOString()])).toEqual([
      ['2026-01-12T12:30:00.000Z', '2026-01-12T12:30:00.000Z'],
      ['2026-01-19T12:30:00.000Z', '2026-01-19T12:30:00.000Z'],
      ['2026-01-26T12:30:00.000Z', '2026-01-26T12:30:00.000Z'],
    ]);
    for (const lunch of lunches) {
      expect(lunch).toMatchObject({
        location: null,
        online: true,
        onlineUrl: ZOOM_LINK,
        endsAt: new Date(lunch.startsAt.getTime() + 45 * 60_000),
        categories: ['#OneTeamGov', 'Reading Group', 'reading group'],
      });
    }
  });

  it('LANGUAGE parameters name the languages; GEO is the position; URL is the event page', () => {
    const [breakfast] = byUid('cymru-brecwast-8p3d@google.com');
    expect(breakfast!.title).toEqual({ cy: 'Brecwast OTG Cymru', en: 'OTG Wales breakfast' });
    expect(fields(breakfast!)).toMatchObject({
      location: 'Canolfan Mileniwm, Bae Caerdydd',
      geo: { lat: 51.4651, lng: -3.1634 },
      url: 'https://example.org/otg-cymru/brecwast',
      online: false,
      onlineUrl: null,
      languages: ['cy', 'en'],
    });
  });
});

describe('parseIcs keeps what an Outlook export says', () => {
  const result = parseIcs(outlookShaped(2026), options({ defaultTimeZone: 'Europe/Stockholm' }));

  it('a Teams-only meeting is online, with no venue called "Microsoft Teams-möte"', () => {
    const [call] = result.items;
    expect(fields(call!)).toEqual({
      upstreamUid: '040000008200E00074C5B7101A82E00800000000C0FFEE000000000000000000000000001',
      recurrenceId: null,
      location: null,
      geo: null,
      url: null,
      online: true,
      onlineUrl: TEAMS_LINK,
      languages: ['sv-SE'],
      // 10:00 in Stockholm (CET), in the calendar's own zone rather than Europe/Berlin.
      startsAt: '2026-01-13T09:00:00.000Z',
      endsAt: '2026-01-13T10:00:00.000Z',
      timeZone: 'Europe/Stockholm',
      allDay: false,
      status: 'scheduled',
      sequence: 0,
      categories: [],
    });
  });

  it('"Room; Microsoft Teams Meeting" is hybrid: the room stays, the meeting goes', () => {
    const rest = result.items.slice(1);
    expect(rest).toHaveLength(3);
    for (const item of rest) {
      expect(item).toMatchObject({
        location: 'Kulturhuset, Sergels torg 1, Stockholm',
        online: true,
        onlineUrl: TEAMS_ROOM_LINK,
        languages: ['sv-SE'],
        timeZone: 'Europe/Stockholm',
        categories: ['Öppen data', 'Digitalisering'],
        sequence: 3,
      });
    }
  });
});

describe('parseIcs keeps what a Meetup export says', () => {
  const result = parseIcs(
    meetupShaped(2026),
    options({ defaultTimeZone: 'Europe/Oslo', defaultLanguage: 'nb' }),
  );
  const [online, library, lunch] = result.items;

  it('"Online event" is online without a link, and keeps the Meetup page', () => {
    expect(fields(online!)).toMatchObject({
      location: null,
      online: true,
      onlineUrl: null,
      url: MEETUP_ONLINE_PAGE,
      languages: ['nb'],
      timeZone: 'Europe/Oslo',
      startsAt: '2026-01-20T16:00:00.000Z',
    });
  });

  it('a venue with GEO is in person, at that position', () => {
    expect(fields(library!)).toMatchObject({
      location: 'Deichman Bjørvika (Anne-Cath. Vestlys plass 1, Oslo)',
      geo: { lat: 59.9081, lng: 10.7527 },
      online: false,
      url: MEETUP_LIBRARY_PAGE,
    });
  });

  it('RFC 7986 CONFERENCE gives the video link, not the tel: dial-in', () => {
    expect(fields(lunch!)).toMatchObject({
      online: true,
      onlineUrl: JITSI_LINK,
      url: MEETUP_LUNCH_PAGE,
      languages: ['en'],
    });
  });
});

describe('parseIcs: an RDATE PERIOD lasts as long as its period says', () => {
  it('takes a duration or an end from each period; plain RDATEs and DTSTART keep the event length', () => {
    const result = parseIcs(
      calendar(`UID:periods@test
DTSTART;TZID=Europe/London:20260302T180000
DTEND;TZID=Europe/London:20260302T190000
RDATE;VALUE=PERIOD:20260309T180000Z/PT2H30M,20260316T180000Z/20260316T183000Z
RDATE;TZID=Europe/London:20260323T180000
SUMMARY:Periods`),
      options(),
    );
    expect(result.rejected).toEqual([]);
    expect(result.items.map(timing).map((t) => [t.startsAt, t.endsAt])).toEqual([
      ['2026-03-02T18:00:00.000Z', '2026-03-02T19:00:00.000Z'],
      ['2026-03-09T18:00:00.000Z', '2026-03-09T20:30:00.000Z'],
      ['2026-03-16T18:00:00.000Z', '2026-03-16T18:30:00.000Z'],
      ['2026-03-23T18:00:00.000Z', '2026-03-23T19:00:00.000Z'],
    ]);
  });
});
