import { MAX_URL } from './limits.js';
import type { Component } from './times.js';

/*
 * How an imported event is attended, from what calendar programs write:
 * - the joining link: RFC 7986 CONFERENCE, Google's X-GOOGLE-CONFERENCE,
 *   Outlook's X-MICROSOFT-ONLINEMEETINGCONFURL / X-MICROSOFT-SKYPETEAMSMEETINGURL,
 *   else a Teams / Zoom / Meet / Webex / Jitsi link in LOCATION, URL or DESCRIPTION;
 * - LOCATION parts that name no place ("Online event", "Microsoft Teams Meeting",
 *   a web address) are an online signal, and are not kept as a venue.
 */

/** Properties that carry a joining link, most specific first. */
const CONFERENCE_PROPERTIES = [
  'conference',
  'x-google-conference',
  'x-microsoft-onlinemeetingconfurl',
  'x-microsoft-skypeteamsmeetingurl',
] as const;

/** The joining link written in a dedicated property, or null. */
export function readConferenceUrl(event: Component): string | null {
  for (const name of CONFERENCE_PROPERTIES) {
    for (const prop of event.getAllProperties(name)) {
      const value = prop.getFirstValue();
      // Unknown X- properties reach us with their TEXT escapes still in place.
      const url = typeof value === 'string' ? httpUrl(value.replace(/\\([,;\\])/g, '$1')) : null;
      // CONFERENCE may also be a tel: dial-in; only a web link can be followed from a page.
      if (url) return url;
    }
  }
  return null;
}

/** True when the VEVENT writes any joining-link property (an override that does replaces the master's). */
export function hasConferenceProperty(event: Component): boolean {
  return CONFERENCE_PROPERTIES.some((name) => event.hasProperty(name));
}

export interface Attendance {
  /** Some part of the event happens online. */
  online: boolean;
  /** The joining link, when one is known. */
  onlineUrl: string | null;
  /** LOCATION without its online parts; null when nothing of a place is left. */
  place: string | null;
  /** The URL property, unless it was the joining link itself. */
  url: string | null;
}

/**
 * Splits what a VEVENT says into an online part and a physical place. Outlook
 * joins a room and the meeting with "; " ("Room 4; Microsoft Teams Meeting").
 */
export function readAttendance(facts: {
  conferenceUrl: string | null;
  location: string | null;
  url: string | null;
  description: Record<string, string> | null;
}): Attendance {
  let online = facts.conferenceUrl !== null;
  let onlineUrl = facts.conferenceUrl;
  const places: string[] = [];
  for (const part of (facts.location ?? '').split(';')) {
    const text = part.trim();
    if (text === '') continue;
    const link = linkIn(text);
    const rest = link ? withoutLinks(text) : text;
    if (link && (isMeetingLink(link) || rest === '')) {
      // A joining link, or a bare web address: neither is a place.
      online = true;
      onlineUrl ??= link;
      if (rest !== '' && !isOnlinePlace(rest)) places.push(rest);
    } else if (isOnlinePlace(text)) {
      online = true;
    } else {
      places.push(text);
    }
  }
  let url = facts.url;
  if (url && isMeetingLink(url)) {
    online = true;
    onlineUrl ??= url;
    // The joining link is not an event page; it stays out of registrationUrl.
    url = url === onlineUrl ? null : url;
  }
  if (!onlineUrl && facts.description) {
    for (const text of Object.values(facts.description)) {
      const link = meetingLinkIn(text);
      if (link) {
        online = true;
        onlineUrl = link;
        break;
      }
    }
  }
  const place = places.join('; ');
  return { online, onlineUrl, place: place === '' ? null : place, url };
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"'[\](){}|\\^`]+/gi;

function linkIn(text: string): string | null {
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = httpUrl(trimPunctuation(match[0]));
    if (url) return url;
  }
  return null;
}

function meetingLinkIn(text: string): string | null {
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = httpUrl(trimPunctuation(match[0]));
    if (url && isMeetingLink(url)) return url;
  }
  return null;
}

/** The text around the links, without dangling separators ("Room 4, <link>" → "Room 4"). */
function withoutLinks(text: string): string {
  return text
    .replace(URL_IN_TEXT, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .trim();
}

/** Sentence punctuation after a link in prose is not part of it. */
function trimPunctuation(url: string): string {
  return url.replace(/[.,;:!?>]+$/, '');
}

/** A joining link of a known meeting service (by host, and a path that names a meeting). */
export function isMeetingLink(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const under = (domain: string) => host === domain || host.endsWith(`.${domain}`);
  const hasPath = url.pathname.length > 1;
  if (under('teams.microsoft.com') || under('teams.live.com') || under('teams.microsoft.us')) {
    return hasPath;
  }
  if (under('zoom.us') || under('zoomgov.com')) return /^\/(?:j|w|my|s|wc)\//.test(url.pathname);
  if (host === 'meet.google.com') return /^\/[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}\b/.test(url.pathname);
  if (under('webex.com')) return hasPath;
  if (host === 'meet.jit.si' || host === '8x8.vc') return hasPath;
  return false;
}

/**
 * LOCATION text that names a way of joining, not a place: "Online", "Online event"
 * (Meetup), "Microsoft Teams Meeting" and its translations (Outlook), "Zoom",
 * "Google Meet", "Webex", "Jitsi Meet", Welsh "Ar-lein", Nordic "Digitalt".
 */
const ONLINE_PLACE = new RegExp(
  [
    '^(?:an? )?(?:online|virtual|digital|digitalt|web|remote|ar-lein|en ligne|nettbasert)',
    '(?:[ -](?:only|event|meeting|session|call|möte|møte|evenemang|arrangement|digitalt|cyfarfod))?$',
    '|^(?:microsoft )?teams(?:[ -](?:meeting|möte|møte|vergadering|besprechung|cyfarfod))?$',
    '|^(?:réunion|reunión|riunione) microsoft teams$',
    '|^zoom(?: (?:meeting|call|webinar))?$',
    '|^google meet$',
    '|^(?:cisco )?webex(?: (?:meeting|event|webinar))?$',
    '|^jitsi(?: meet)?$',
  ].join(''),
  'i',
);

function isOnlinePlace(text: string): boolean {
  // "Online (link on registration)" and "Zoom – details to follow" still name no place.
  const core = text
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+[-–—:].*$/, '')
    .replace(/[.!]+$/, '')
    .replace(/^join (?:the |our )?/i, '')
    .trim();
  return ONLINE_PLACE.test(core);
}

function httpUrl(value: string): string | null {
  const text = value.trim();
  if (text === '' || text.length > MAX_URL) return null;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= MAX_URL
      ? url.href
      : null;
  } catch {
    return null;
  }
}
