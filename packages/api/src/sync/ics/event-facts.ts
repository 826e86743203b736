import { IcsItemError } from './errors.js';
import { readGeo, readLanguages } from './geo-and-languages.js';
import {
  type Attendance,
  hasConferenceProperty,
  readAttendance,
  readConferenceUrl,
} from './online-meeting.js';
import {
  readCategories,
  readDescription,
  readLocation,
  readTitle,
  readUrl,
} from './text-fields.js';
import { type Component, readMoment } from './times.js';
import { type Placed, placeMoment, readSpan, type Span } from './timing.js';
import type { IcsItem } from './types.js';
import type { ZoneBook } from './zone-book.js';
import type { WallClock } from './zone-clock.js';

const MAX_SEQUENCE = 2_147_483_647;

/** Everything an item needs from one VEVENT, read once (a series yields many items). */
export interface EventFacts {
  title: Record<string, string>;
  description: Record<string, string> | null;
  /** LOCATION and URL as written; `attendance` is what they mean. */
  location: string | null;
  url: string | null;
  conferenceUrl: string | null;
  attendance: Attendance;
  geo: IcsItem['geo'];
  languages: string[];
  categories: string[];
  status: IcsItem['status'];
  sequence: number;
  /** DTSTART, or for an override without one its RECURRENCE-ID (the occurrence did not move). */
  start: Placed;
  allDay: boolean;
  /** IANA zone the event is shown in. */
  timeZone: string;
  /** Clock of that zone: it reads the event's DATE and floating values. */
  home: WallClock;
  /** From DTEND/DURATION; null when neither is written. */
  span: Span | null;
}

/**
 * Reads a VEVENT. For a RECURRENCE-ID override, `master` fills in what the
 * override leaves out (Google writes full overrides, others only the changed
 * properties), and whatever the override does say wins; a floating override
 * of a zoned series is read in the series' zone.
 */
export function readFacts(
  event: Component,
  zones: ZoneBook,
  defaultLanguage: string,
  master?: EventFacts,
): EventFacts {
  const moment =
    readMoment(event, 'dtstart') ?? (master ? readMoment(event, 'recurrence-id') : null);
  if (!moment) throw new IcsItemError('DTSTART is missing');
  const floating = moment.tzid === null && !moment.utc;
  const timeZone =
    floating && master ? master.timeZone : zones.displayZone(moment.utc ? null : moment.tzid);
  const home = zones.clock(timeZone);
  const start = { ...placeMoment(moment, zones, home), isDate: moment.isDate };

  const title = readTitle(event, defaultLanguage) ?? master?.title ?? null;
  if (!title) throw new IcsItemError('SUMMARY (the title) is missing or empty');

  const own = (name: string) => !master || event.hasProperty(name);
  const description = readDescription(event, defaultLanguage) ?? master?.description ?? null;
  const location = own('location') ? readLocation(event) : master!.location;
  const url = own('url') ? readUrl(event) : master!.url;
  const conferenceUrl =
    !master || hasConferenceProperty(event) ? readConferenceUrl(event) : master.conferenceUrl;
  const languages = readLanguages(event);
  return {
    title,
    description,
    location,
    url,
    conferenceUrl,
    attendance: readAttendance({ conferenceUrl, location, url, description }),
    geo: own('geo') ? readGeo(event) : master!.geo,
    languages: languages.length > 0 || !master ? languages : master.languages,
    categories: own('categories') ? readCategories(event) : master!.categories,
    status: own('status') ? readStatus(event) : master!.status,
    sequence: own('sequence') ? readSequence(event) : master!.sequence,
    start,
    allDay: moment.isDate,
    timeZone,
    home,
    span: readSpan(event, start, zones, home),
  };
}

function readStatus(event: Component): IcsItem['status'] {
  const status = event.getFirstPropertyValue('status');
  return typeof status === 'string' && status.trim().toUpperCase() === 'CANCELLED'
    ? 'cancelled'
    : 'scheduled';
}

export function readSequence(event: Component): number {
  const value = event.getFirstPropertyValue('sequence');
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? Math.min(value, MAX_SEQUENCE)
    : 0;
}
