import { type Event, LIMITS } from '@oneteamgov/schema';
import type { IcsItem } from './ics/index.js';

/*
 * The event fields an iCalendar item maps onto that need a decision, kept
 * apart from the row assembly in map-ics-items.ts.
 */

/**
 * Online when only a way of joining is given; hybrid when LOCATION also names a
 * place. GEO alone does not make an online event hybrid: with no place to name
 * it is not kept (see venueOf), and some exporters give online events the
 * group's home town.
 */
export function attendanceModeOf(item: IcsItem): Event['attendanceMode'] {
  if (!item.online) return 'inPerson';
  return item.location ? 'hybrid' : 'online';
}

/**
 * The place from LOCATION and GEO. Calendar programs write one line, usually
 * "Name, street, town" (Google, Meetup), so the first part names the venue and
 * the rest is its address. GEO without a LOCATION has no name to show and is
 * left out.
 */
export function venueOf(item: IcsItem): Event['venue'] {
  if (!item.location) return null;
  const { name, address } = splitPlace(item.location);
  return {
    name: cut(name, LIMITS.shortText),
    address: address === '' ? null : cut(address, 500),
    locality: null,
    postalCode: null,
    country: null,
    lat: item.geo?.lat ?? null,
    lng: item.geo?.lng ?? null,
    addressVisibility: 'public',
  };
}

/** "Name (street, town)" (Meetup) or "Name, street, town" (Google, Outlook). */
function splitPlace(location: string): { name: string; address: string } {
  const bracketed = /^([^(]+?)\s*\((.+)\)$/.exec(location);
  if (bracketed) return { name: bracketed[1]!.trim(), address: bracketed[2]!.trim() };
  const [first, ...rest] = location.split(',');
  return { name: first!.trim() || location, address: rest.join(',').trim() };
}

/**
 * CATEGORIES → tags in the hub's form (letters, digits, space, _ and -):
 * lower case, other characters become spaces ("#OneTeamGov" → "oneteamgov",
 * "Data & AI" → "data ai"), de-duplicated, at most LIMITS.tags of at most
 * LIMITS.tag characters, so `tag=` filters find imported events.
 */
export function tagsOf(categories: string[]): string[] {
  const tags: string[] = [];
  for (const category of categories) {
    const tag = cut(
      category
        .normalize('NFC')
        .toLocaleLowerCase('und')
        .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .replace(/^[ _-]+/, '')
        .trim(),
      LIMITS.tag,
    );
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
    if (tags.length >= LIMITS.tags) break;
  }
  return tags;
}

/** At most `max` UTF-16 units, never splitting a surrogate pair, no trailing space. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max).trimEnd();
}
