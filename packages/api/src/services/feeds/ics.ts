import type { Event } from '@oneteamgov/schema';
import ical, { escape as escapeText, foldLines, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { featureLine, labelsFor } from './labels.js';
import { pickLocalized } from './pick-language.js';
import { icalZone } from './vtimezone.js';

export interface CalendarOptions {
  /** RFC 7986 NAME and X-WR-CALNAME, e.g. "One Team Gov Wales — events". */
  name: string;
  /** RFC 7986 DESCRIPTION and X-WR-CALDESC. */
  description?: string;
  /** The feed's own URL (RFC 7986 URL and SOURCE); its host also scopes every UID. */
  url: string;
  /** RFC 7986 REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  refreshIntervalMinutes: number;
  /** Chosen language; each localized text falls back as `pickLanguage` does. */
  lang?: string | null;
  /** Defaults to "-//One Team Gov Hub//Events//EN". */
  prodId?: string;
  /** Public URL of an event (for URL, and appended to DESCRIPTION). */
  eventUrl: (event: Event) => string;
  /**
   * Set when the feed was cut at a cap: it says so in X-OTG-TRUNCATED (the cap),
   * X-OTG-NEXT-URL (the same feed from where this one stopped) and its DESCRIPTION.
   */
  truncated?: { limit: number; nextUrl: string | null } | undefined;
}

/** Vendor properties this hub writes (RFC 5545 §3.8.8.2 experimental properties). */
export const X_ACCESSIBILITY = 'X-OTG-ACCESSIBILITY';
export const X_REGISTRATION_URL = 'X-OTG-REGISTRATION-URL';
export const X_TRUNCATED = 'X-OTG-TRUNCATED';
export const X_NEXT_URL = 'X-OTG-NEXT-URL';

const DEFAULT_PROD_ID = '-//One Team Gov Hub//Events//EN';

/** RFC 5545 STATUS has no "postponed": TENTATIVE keeps it on calendars, flagged. */
const STATUS: Record<Event['status'], ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  rescheduled: ICalEventStatus.CONFIRMED,
  movedOnline: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** What ical-generator cannot express; spliced in by `finish` (one entry per VEVENT). */
interface Extras {
  uid: string;
  summaryLang: string | null;
  descriptionLang: string | null;
  geo: string | null;
  /** Lines added before END:VEVENT: CONFERENCE, the registration link, accessibility. */
  more: string[];
}

/**
 * An iCalendar (RFC 5545 + RFC 7986) feed of `events`.
 *
 * Choices made for client compatibility (Google, Outlook, Apple, Thunderbird):
 * - Every event, including each occurrence of a recurring series, is its own
 *   VEVENT with its own UID. Series are materialised server-side, so shipping
 *   RRULE + RECURRENCE-ID overrides would only re-create what clients handle least
 *   consistently (overrides, EXDATE across zones, DST edges) for no gain.
 * - Cancelled events stay in the feed with STATUS:CANCELLED so subscribers drop
 *   them instead of keeping a stale copy.
 * - Output is a pure function of the events and options (DTSTAMP = updatedAt, no
 *   "now"), so the same data gives byte-identical output and stable ETags.
 * - No METHOD: iTIP PUBLISH would require an ORGANIZER, and events carry no
 *   personal data to put there.
 */
export function eventsToIcs(events: Event[], options: CalendarOptions): string {
  const minutes = options.refreshIntervalMinutes;
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new RangeError('refreshIntervalMinutes must be a positive whole number');
  }
  const host = new URL(options.url).hostname;
  const truncated = options.truncated;
  const note = truncated
    ? `Only the first ${truncated.limit} events are listed${truncated.nextUrl ? `; the rest: ${truncated.nextUrl}` : ''}.`
    : null;
  const description = [options.description, note].filter(Boolean).join(' ') || null;
  const vtimezones = new Map<string, string>();
  const calendar = ical({
    // ical-generator prefixes the "-" itself.
    prodId: (options.prodId ?? DEFAULT_PROD_ID).replace(/^-/, ''),
    // NAME, X-WR-CALNAME and X-WR-CALDESC are written verbatim by ical-generator: escape here.
    name: escapeText(options.name, false),
    description: description ? escapeText(description, false) : null,
    url: options.url,
    source: options.url,
    scale: 'GREGORIAN',
    ttl: minutes * 60,
    // A generator (and no calendar-wide zone) makes it emit exactly one VTIMEZONE
    // for each distinct TZID used by the events.
    timezone: { name: null, generator: (tzid) => vtimezones.get(tzid) ?? null },
  });

  const labels = labelsFor(options.lang);
  const extras: Extras[] = [];
  for (const event of events) {
    const zone = icalZone(event.timeZone);
    if (zone.kind === 'vtimezone') vtimezones.set(zone.tzid, zone.block);
    const { start, end } = eventTimes(event);
    const uid = `${event.id}@${host}`;
    const url = options.eventUrl(event);
    const title = pickLocalized(event.title, options.lang);
    const text =
      pickLocalized(event.description, options.lang) ?? pickLocalized(event.summary, options.lang);
    const online = event.status === 'movedOnline' || event.attendanceMode === 'online';
    const location = online ? 'Online' : event.venue ? venueLine(event.venue) : null;

    calendar.createEvent({
      id: uid,
      sequence: event.sequence,
      stamp: new Date(event.updatedAt),
      created: new Date(event.createdAt),
      lastModified: new Date(event.updatedAt),
      // ical-generator renders a plain Date in the *process* zone; a Luxon
      // DateTime is converted into the TZID zone properly.
      start,
      end,
      allDay: event.allDay,
      timezone: zone.kind === 'vtimezone' ? zone.tzid : null,
      summary: title?.value ?? event.id,
      // Google and Outlook show neither URL nor CONFERENCE, so the links go in the text too.
      description: { plain: descriptionText(event, text?.value ?? null, url, labels) },
      location: location ? { title: location } : null,
      url,
      categories: event.tags.map((name) => ({ name })),
      status: STATUS[event.status],
    });
    extras.push({
      uid,
      summaryLang: languageParam(title?.tag),
      descriptionLang: languageParam(text?.tag),
      // A venue an event has moved away from is no place to send people.
      geo: online ? null : geoValue(event),
      more: moreLines(event),
    });
  }
  const calendarLines = truncated
    ? [
        `${X_TRUNCATED}:${truncated.limit}`,
        ...(truncated.nextUrl ? [`${X_NEXT_URL};VALUE=URI:${truncated.nextUrl}`] : []),
      ]
    : [];
  return finish(calendar.toString(), extras, description, calendarLines);
}

/**
 * The text, then what a person needs to take part — the joining link, the
 * registration link, the accessibility features and notes, each on its own
 * labelled line — and the event page last.
 */
function descriptionText(
  event: Event,
  text: string | null,
  url: string,
  labels: ReturnType<typeof labelsFor>,
): string {
  const lines: string[] = [];
  if (event.onlineUrl && event.status !== 'cancelled') {
    lines.push(`${labels.joinOnline}: ${event.onlineUrl}`);
  }
  if (event.registrationUrl) lines.push(`${labels.register}: ${event.registrationUrl}`);
  const features = featureLine(event.accessibility.features, labels);
  const notes = pickLocalized(event.accessibility.notes, labels.tag)?.value;
  const access = [features && `${features}.`, notes].filter(Boolean).join(' ');
  if (access) lines.push(`${labels.accessibility}: ${access}`);
  return [text, lines.join('\n'), url].filter(Boolean).join('\n\n');
}

/**
 * RFC 7986 CONFERENCE for the joining link, and X- properties that carry the
 * registration link and the accessibility features (their names, comma-separated,
 * as in the JSON API) for programs that read them.
 */
function moreLines(event: Event): string[] {
  const lines: string[] = [];
  if (event.onlineUrl && event.status !== 'cancelled') {
    lines.push(`CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO:${event.onlineUrl}`);
  }
  if (event.registrationUrl) {
    lines.push(`${X_REGISTRATION_URL};VALUE=URI:${event.registrationUrl}`);
  }
  if (event.accessibility.features.length > 0) {
    lines.push(`${X_ACCESSIBILITY}:${event.accessibility.features.join(',')}`);
  }
  return lines;
}

/** Start and end as Luxon values in the event's zone; all-day ends are exclusive dates. */
function eventTimes(event: Event): { start: DateTime; end: DateTime } {
  const at = (iso: string) => {
    const local = DateTime.fromISO(iso, { zone: event.timeZone });
    return local.isValid ? local : DateTime.fromISO(iso, { zone: 'utc' });
  };
  const start = at(event.startsAt);
  const end = at(event.endsAt);
  if (!event.allDay) return { start, end };
  // VALUE=DATE: the local start day, and the day after the last local day (an
  // end at exactly midnight is already exclusive). Never empty: at least one day.
  const firstDay = start.startOf('day');
  let afterLast = end.equals(end.startOf('day')) ? end : end.startOf('day').plus({ days: 1 });
  if (afterLast <= firstDay) afterLast = firstDay.plus({ days: 1 });
  return { start: firstDay, end: afterLast };
}

/** "Name, street address, locality", skipping nulls and repeats ("Cardiff, Cardiff"). */
function venueLine(venue: NonNullable<Event['venue']>): string {
  const parts: string[] = [];
  for (const part of [venue.name, venue.address, venue.locality]) {
    const trimmed = part?.trim();
    if (trimmed && !parts.some((p) => p.toLowerCase() === trimmed.toLowerCase())) {
      parts.push(trimmed);
    }
  }
  return parts.join(', ');
}

/** A language tag is safe as a bare parameter value; anything else is left out. */
function languageParam(tag: string | undefined): string | null {
  return tag && /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(tag) ? tag : null;
}

/** RFC 5545 GEO is "lat;lon" as FLOAT: fixed notation, never an exponent. */
function geoValue(event: Event): string | null {
  const lat = event.venue?.lat;
  const lng = event.venue?.lng;
  if (lat == null || lng == null) return null;
  const float = (n: number) => String(Number(n.toFixed(6)));
  return `${float(lat)};${float(lng)}`;
}

/**
 * Adds what ical-generator has no option for — `LANGUAGE=` on SUMMARY and
 * DESCRIPTION, GEO (it drops a latitude or longitude of exactly 0), the RFC 7986
 * calendar DESCRIPTION — and moves calendar properties it writes after the
 * VTIMEZONEs (REFRESH-INTERVAL, X-PUBLISHED-TTL) ahead of every component, as the
 * RFC 5545 grammar requires. Then re-folds at 75 octets and ends with CRLF.
 * Working on unfolded lines is safe: escaped TEXT never contains a raw line break.
 */
function finish(
  raw: string,
  extras: Extras[],
  description: string | null,
  calendarLines: string[],
): string {
  const calendarProps: string[] = [];
  const components: string[] = [];
  let depth = 0;
  let current: Extras | undefined;
  let index = -1;
  for (const line of raw.replace(/\r\n[ \t]/g, '').split('\r\n')) {
    if (line === 'BEGIN:VCALENDAR' || line === 'END:VCALENDAR') continue;
    if (line.startsWith('BEGIN:')) {
      depth++;
      if (line === 'BEGIN:VEVENT') current = extras[++index];
    } else if (line.startsWith('END:')) {
      depth--;
      if (line === 'END:VEVENT') {
        if (current?.geo) components.push(`GEO:${current.geo}`);
        if (current) components.push(...current.more);
        current = undefined;
      }
    } else if (depth === 0) {
      calendarProps.push(line);
      if (line.startsWith('X-WR-CALDESC:') && description) {
        calendarProps.push(`DESCRIPTION:${escapeText(description, false)}`);
      }
      continue;
    } else if (current) {
      components.push(eventLine(line, current));
      continue;
    }
    components.push(line);
  }
  const lines = [
    'BEGIN:VCALENDAR',
    ...calendarProps,
    ...calendarLines,
    ...components,
    'END:VCALENDAR',
  ];
  return `${foldLines(lines.join('\r\n'))}\r\n`;
}

function eventLine(line: string, extras: Extras): string {
  if (line.startsWith('UID:') && line.slice(4) !== extras.uid) {
    throw new Error('iCalendar writer emitted events out of order');
  }
  if (line.startsWith('SUMMARY:') && extras.summaryLang) {
    return `SUMMARY;LANGUAGE=${extras.summaryLang}:${line.slice(8)}`;
  }
  if (line.startsWith('DESCRIPTION:') && extras.descriptionLang) {
    return `DESCRIPTION;LANGUAGE=${extras.descriptionLang}:${line.slice(12)}`;
  }
  return line;
}
