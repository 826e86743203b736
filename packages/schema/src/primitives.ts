import { z } from 'zod';

/**
 * Bounded primitives shared by every schema. Every string, array and number
 * accepted from a client or a peer has a maximum, so no input is unbounded.
 */

export const LIMITS = {
  id: 100,
  shortText: 200,
  title: 300,
  summary: 1_000,
  description: 20_000,
  url: 2_000,
  tags: 20,
  tag: 50,
  languages: 20,
  localizedEntries: 20,
  pageSize: 100,
  cursor: 500,
  query: 200,
} as const;

/**
 * Integers are published as int32 with both bounds, so every generated client
 * can hold them. Counts are never negative and never beyond int32.
 */
export const INT32_MAX = 2_147_483_647;
export const int32 = (min: number, max: number) =>
  z.number().int().min(min).max(max).meta({ format: 'int32' });
export const Count = int32(0, INT32_MAX);

/** The longest an event may last; bounds the scan for events already under way. */
export const MAX_EVENT_DAYS = 31;

/** Opaque identifier: lower-case slug, never a sequential integer. */
export const Slug = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be a lower-case slug (a-z, 0-9 and -)');

export const Id = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/, 'must be an opaque URL-safe identifier');

/**
 * Tags already found valid. Intl.getCanonicalLocales on every language of every
 * event was 7 % of importing a feed, which names the same few languages again and
 * again; there are only so many real tags, so the set stays small.
 */
const knownLanguageTags = new Set<string>();

function isLanguageTag(tag: string): boolean {
  if (knownLanguageTags.has(tag)) return true;
  try {
    if (Intl.getCanonicalLocales(tag).length !== 1) return false;
    if (knownLanguageTags.size < 2_000) knownLanguageTags.add(tag);
    return true;
  } catch {
    return false;
  }
}

/** A BCP 47 language tag such as `en`, `cy`, `fr-CA` or `nb`. */
export const LanguageTag = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag')
  .refine(isLanguageTag, 'must be a valid BCP 47 language tag')
  .meta({ description: 'BCP 47 language tag', example: 'cy' });

/**
 * Zones already found valid. Building an Intl.DateTimeFormat costs about 0.1 ms,
 * which a 50,000-event import paid once per event on the event loop; there are
 * only a few hundred real zone names, so the set stays small.
 */
const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  // Offsets such as "+01:00" are accepted by newer Intl versions; an event needs a
  // real IANA zone so that wall-clock times survive daylight-saving changes.
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    if (knownZones.size < 2_000) knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/London')
  .meta({ description: 'IANA time zone name', example: 'Europe/London' });

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCode = z
  .string()
  .length(2)
  .regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code')
  .refine((code) => {
    try {
      return regionNames.of(code) !== undefined;
    } catch {
      return false;
    }
  }, 'must be an assigned ISO 3166-1 alpha-2 country code')
  .meta({ description: 'ISO 3166-1 alpha-2 country code', example: 'GB' });

// 35 characters: date, time with nanoseconds and a numeric offset.
/** PostgreSQL has no year 0: an instant before 0001-01-01 UTC would fail in the query, as a 500. */
const fromYearOne = (value: string) => new Date(value).getUTCFullYear() >= 1;

export const Instant = z.iso
  .datetime({ offset: true })
  .max(35)
  .refine(fromYearOne, 'The year must be 0001 or later')
  .meta({ description: 'RFC 3339 date-time', example: '2026-07-21T17:00:00Z' });

export const LocalDate = z.iso
  .date()
  .max(10)
  .refine(fromYearOne, 'The year must be 0001 or later')
  .meta({ example: '2017-06-29' });

export const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(LIMITS.url)
  .meta({ description: 'An absolute http(s) URL', example: 'https://www.oneteamgov.uk' });

export const Latitude = z.number().min(-90).max(90).meta({ example: 51.4816 });
export const Longitude = z.number().min(-180).max(180).meta({ example: -3.1791 });

export const GeoPoint = z
  .object({ lat: Latitude, lng: Longitude })
  .meta({ id: 'GeoPoint', description: 'WGS 84 coordinates' });

/**
 * Localized text: a map from BCP 47 tag to plain text, at least one entry.
 * Translations live here; the languages an event is *held* in are `inLanguage`.
 */
export function localizedText(maxLength: number) {
  return z
    .record(LanguageTag, z.string().min(1).max(maxLength))
    .refine((value) => Object.keys(value).length >= 1, 'must have at least one language')
    .refine(
      (value) => Object.keys(value).length <= LIMITS.localizedEntries,
      `must have at most ${LIMITS.localizedEntries} languages`,
    );
}

export const LocalizedText = localizedText(LIMITS.description).meta({
  id: 'LocalizedText',
  description: 'Plain text keyed by BCP 47 language tag; at least one entry.',
  example: { en: 'Cardiff unconference', cy: 'Anghynhadledd Caerdydd' },
});

/**
 * Letters and digits of any script need the regex `u` flag, which the OpenAPI
 * generator would print into the published pattern (`…$/u`, a pattern no
 * JSON Schema validator can match). So the check is a refinement and the
 * pattern is published by hand: JSON Schema 2020-12 patterns are Unicode-aware.
 */
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u;

export const Tag = z
  .string()
  .min(1)
  .max(LIMITS.tag)
  .refine((value) => TAG_PATTERN.test(value), 'must be letters, digits, space, _ or -')
  .meta({ pattern: TAG_PATTERN.source, example: 'unconference' });

/**
 * `schema | null` for a schema that is an OpenAPI component. The OpenAPI
 * generator publishes `.nullable()` on such a schema as a bare `$ref`, losing the
 * null (generated clients would then believe the field is never null); an
 * explicit union is published as `anyOf: [$ref, { type: 'null' }]`.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}
