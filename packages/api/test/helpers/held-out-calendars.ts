/*
 * Calendars written for the fidelity tests in the shapes Google Calendar,
 * Outlook/Exchange and Meetup export (CRLF, folded lines, their own
 * properties). Every organisation, person and link in them is made up. Dates
 * fall in January of `year`, so a test can put them inside a sync window.
 */

/** Joins lines with CRLF and folds them at 75 octets, as exporters do. */
function ics(lines: string[]): string {
  const folded = lines.flatMap((line) => {
    const parts: string[] = [];
    let rest = line;
    while (Buffer.byteLength(rest) > 75) {
      let cut = 75;
      while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut -= 1;
      parts.push(rest.slice(0, cut));
      rest = ` ${rest.slice(cut)}`;
    }
    parts.push(rest);
    return parts;
  });
  return `${folded.join('\r\n')}\r\n`;
}

export const MEET_LINK = 'https://meet.google.com/otg-wxyz-abc';
export const ZOOM_LINK = 'https://us02web.zoom.us/j/81234567890?pwd=T3RnVGVzdA';
export const TEAMS_LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_T3RnU3dlZGVu%40thread.v2/0?context=%7b%22Tid%22%3a%22otg%22%7d';
export const TEAMS_ROOM_LINK =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_S3VsdHVyaHVzZXQ%40thread.v2/0';
export const JITSI_LINK = 'https://meet.jit.si/OTGOsloLunsj';
export const MEETUP_ONLINE_PAGE = 'https://www.meetup.com/otg-oslo-example/events/301234567/';
export const MEETUP_LIBRARY_PAGE = 'https://www.meetup.com/otg-oslo-example/events/301234568/';
export const MEETUP_LUNCH_PAGE = 'https://www.meetup.com/otg-oslo-example/events/301234569/';

/** Google Calendar export of a Welsh chapter: Meet link, RDATE set, Zoom in the text, Welsh/English text. */
export function googleShaped(year: number): string {
  return ics([
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:OTG Cymru (example)',
    'X-WR-TIMEZONE:Europe/London',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/London',
    'X-LIC-LOCATION:Europe/London',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'TZNAME:GMT',
    'DTSTART:19701025T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    // Hybrid: a venue and a Google Meet link (X-GOOGLE-CONFERENCE and in the description).
    'BEGIN:VEVENT',
    `DTSTART;TZID=Europe/London:${year}0114T180000`,
    `DTEND;TZID=Europe/London:${year}0114T200000`,
    'DTSTAMP:20260101T090000Z',
    'UID:cymru-hybrid-7h2k@google.com',
    `X-GOOGLE-CONFERENCE:${MEET_LINK}`,
    'DESCRIPTION:Show and tell\\, in the room or on Meet.<br><br>-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-<br>' +
      `Join with Google Meet: <a href="${MEET_LINK}">${MEET_LINK}</a><br><br>Please do not edit this section.<br>` +
      '-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-',
    'LOCATION:Tramshed Tech\\, Pendyris Street\\, Cardiff CF11 6BH\\, UK',
    'SEQUENCE:0',
    'STATUS:CONFIRMED',
    'SUMMARY:Cardiff show and tell',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    // An RDATE set without RRULE: DTSTART is the first of three.
    'BEGIN:VEVENT',
    `DTSTART;TZID=Europe/London:${year}0112T123000`,
    `DTEND;TZID=Europe/London:${year}0112T131500`,
    `RDATE;TZID=Europe/London:${year}0119T123000,${year}0126T123000`,
    'DTSTAMP:20260101T090000Z',
    'UID:cymru-lunch-rdates-4m9q@google.com',
    `DESCRIPTION:Lunchtime reading group.\\n\\nJoin Zoom Meeting\\n${ZOOM_LINK}\\n\\nMeeting ID: 812 3456 7890`,
    'LOCATION:',
    'SEQUENCE:1',
    'STATUS:CONFIRMED',
    'SUMMARY:Reading group',
    'CATEGORIES:#OneTeamGov,Reading Group,reading group',
    'END:VEVENT',
    // Written in two languages, held in Welsh: LANGUAGE parameters; a position.
    'BEGIN:VEVENT',
    `DTSTART;TZID=Europe/London:${year}0121T090000`,
    `DTEND;TZID=Europe/London:${year}0121T103000`,
    'DTSTAMP:20260101T090000Z',
    'UID:cymru-brecwast-8p3d@google.com',
    'SUMMARY;LANGUAGE=cy:Brecwast OTG Cymru',
    'SUMMARY;LANGUAGE=en:OTG Wales breakfast',
    'DESCRIPTION;LANGUAGE=cy:Brecwast a sgwrs.',
    'LOCATION;LANGUAGE=cy:Canolfan Mileniwm\\, Bae Caerdydd',
    'GEO:51.4651;-3.1634',
    'URL:https://example.org/otg-cymru/brecwast',
    'CATEGORIES:Brecwast',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
}

/** Outlook/Exchange export of a Swedish chapter: Windows zone names, Teams meetings, categories. */
export function outlookShaped(year: number): string {
  return `\ufeff${ics([
    'BEGIN:VCALENDAR',
    'METHOD:PUBLISH',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    'X-WR-CALNAME:OTG Sverige (example)',
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    // Teams only: the location is the meeting, not a place.
    'BEGIN:VEVENT',
    'ORGANIZER;CN=Example Organiser:mailto:organiser@example.se',
    'DESCRIPTION;LANGUAGE=sv-SE:Vi planerar vårens unconference.\\n\\n____________' +
      `\\nMicrosoft Teams-möte\\nAnslut via datorn eller mobilappen\\nKlicka här för att ansluta till mötet<${TEAMS_LINK}>\\n____________`,
    'UID:040000008200E00074C5B7101A82E00800000000C0FFEE000000000000000000000000001',
    'SUMMARY;LANGUAGE=sv-SE:Planeringsmöte för unconference',
    `DTSTART;TZID=W. Europe Standard Time:${year}0113T100000`,
    `DTEND;TZID=W. Europe Standard Time:${year}0113T110000`,
    'CLASS:PUBLIC',
    'DTSTAMP:20260101T080000Z',
    'STATUS:CONFIRMED',
    'SEQUENCE:0',
    'LOCATION;LANGUAGE=sv-SE:Microsoft Teams-möte',
    `X-MICROSOFT-SKYPETEAMSMEETINGURL:${TEAMS_LINK}`,
    'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
    'END:VEVENT',
    // A room and a Teams meeting: hybrid, weekly three times, categories.
    'BEGIN:VEVENT',
    'UID:040000008200E00074C5B7101A82E00800000000C0FFEE000000000000000000000000002',
    'SUMMARY;LANGUAGE=sv-SE:Öppen data-frukost',
    'RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=TH',
    `DTSTART;TZID=W. Europe Standard Time:${year}0115T083000`,
    `DTEND;TZID=W. Europe Standard Time:${year}0115T093000`,
    'DTSTAMP:20260101T080000Z',
    'STATUS:CONFIRMED',
    'SEQUENCE:3',
    'LOCATION;LANGUAGE=sv-SE:Kulturhuset\\, Sergels torg 1\\, Stockholm; Microsoft Teams Meeting',
    `X-MICROSOFT-ONLINEMEETINGCONFURL:${TEAMS_ROOM_LINK}`,
    'CATEGORIES:Öppen data,Digitalisering',
    'END:VEVENT',
    'END:VCALENDAR',
  ])}`;
}

/** Meetup group export of a Norwegian chapter: "Online event", GEO, event pages in URL, CONFERENCE. */
export function meetupShaped(year: number): string {
  return ics([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Meetup//RemoteApi//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-ORIGINAL-URL:https://www.meetup.com/otg-oslo-example/events/ical/',
    'X-WR-CALNAME:Events - OTG Oslo (example)',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Oslo',
    'X-LIC-LOCATION:Europe/Oslo',
    'BEGIN:STANDARD',
    'DTSTART:19701025T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T120000Z',
    `DTSTART;TZID=Europe/Oslo:${year}0120T170000`,
    `DTEND;TZID=Europe/Oslo:${year}0120T183000`,
    'STATUS:CONFIRMED',
    'SUMMARY;LANGUAGE=nb:Digitalt frokostmøte',
    'DESCRIPTION:OTG Oslo\\nDigitalt frokostmøte\\n\\nLenke kommer etter påmelding.',
    'CLASS:PUBLIC',
    'CREATED:20251201T120000Z',
    'LOCATION:Online event',
    `URL:${MEETUP_ONLINE_PAGE}`,
    'UID:event_301234567@meetup.com',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T120000Z',
    `DTSTART;TZID=Europe/Oslo:${year}0127T180000`,
    `DTEND;TZID=Europe/Oslo:${year}0127T200000`,
    'STATUS:CONFIRMED',
    'SUMMARY;LANGUAGE=nb:Sommerfest på biblioteket',
    'DESCRIPTION:OTG Oslo\\nSommerfest\\n\\nTrinnfri adkomst.',
    'CLASS:PUBLIC',
    'CREATED:20251201T120000Z',
    'GEO:59.9081;10.7527',
    'LOCATION:Deichman Bjørvika (Anne-Cath. Vestlys plass 1\\, Oslo)',
    `URL:${MEETUP_LIBRARY_PAGE}`,
    'UID:event_301234568@meetup.com',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T120000Z',
    `DTSTART;TZID=Europe/Oslo:${year}0129T113000`,
    `DTEND;TZID=Europe/Oslo:${year}0129T123000`,
    'STATUS:CONFIRMED',
    'SUMMARY;LANGUAGE=en:Lunch talk: open standards',
    'CONFERENCE;VALUE=URI;FEATURE=PHONE;LABEL=Dial in:tel:+47-12-34-56-78',
    `CONFERENCE;VALUE=URI;FEATURE=VIDEO,AUDIO;LABEL=Jitsi:${JITSI_LINK}`,
    `URL:${MEETUP_LUNCH_PAGE}`,
    'UID:event_301234569@meetup.com',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
}
