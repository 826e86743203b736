import { z } from 'zod';
import {
  CountryCode,
  GeoPoint,
  HttpUrl,
  Instant,
  LanguageTag,
  LIMITS,
  LocalDate,
  LocalizedText,
  localizedText,
  orNull,
  Slug,
  TimeZone,
} from './primitives.js';

export const ChapterKind = z
  .enum(['national', 'regional', 'local'])
  .meta({ id: 'ChapterKind', example: 'regional' });
export const ChapterStatus = z
  .enum(['active', 'dormant'])
  .meta({ id: 'ChapterStatus', example: 'active' });

export const SocialLink = z
  .object({
    network: z.string().min(1).max(50).meta({ example: 'mastodon' }),
    url: HttpUrl,
  })
  .meta({ id: 'SocialLink' });

export const Chapter = z
  .object({
    id: Slug.meta({ example: 'wales' }),
    name: localizedText(LIMITS.title),
    kind: ChapterKind,
    parentId: Slug.nullable().meta({ example: 'uk' }),
    country: CountryCode.nullable(),
    locality: z.string().max(LIMITS.shortText).nullable().meta({ example: 'Cardiff' }),
    timeZone: TimeZone,
    languages: z.array(LanguageTag).min(1).max(LIMITS.languages),
    description: orNull(LocalizedText),
    website: HttpUrl.nullable(),
    contact: z.string().max(LIMITS.shortText).nullable().meta({
      description: 'A public contact point for the chapter (never a member’s personal address)',
    }),
    socialLinks: z.array(SocialLink).max(20),
    location: orNull(GeoPoint),
    status: ChapterStatus,
    foundedOn: LocalDate.nullable(),
    origin: z.string().max(LIMITS.url).meta({
      description: 'Base URL of the instance that is authoritative for this chapter',
      example: 'https://hub.oneteamgov.org',
    }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({
    id: 'Chapter',
    description: 'A national, regional or local One Team Gov chapter',
    example: {
      id: 'wales',
      name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
      kind: 'regional',
      parentId: 'uk',
      country: 'GB',
      locality: 'Cardiff',
      timeZone: 'Europe/London',
      languages: ['cy', 'en'],
      description: { en: 'Bilingual chapter; unconference in Cardiff, January 2018.' },
      website: null,
      contact: null,
      socialLinks: [],
      location: { lat: 51.4816, lng: -3.1791 },
      status: 'active',
      foundedOn: '2018-01-01',
      origin: 'https://hub.oneteamgov.org',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
  });
export type Chapter = z.infer<typeof Chapter>;

const SocialLinkInput = z.strictObject(SocialLink.shape).meta({ id: 'SocialLinkInput' });
const GeoPointInput = z.strictObject(GeoPoint.shape).meta({ id: 'GeoPointInput' });

/** Fields an admin or organiser may set. id, origin and timestamps are the server's. */
const chapterFields = {
  name: localizedText(LIMITS.title),
  kind: ChapterKind,
  parentId: Slug.nullable().meta({ example: 'uk' }),
  country: CountryCode.nullable(),
  locality: z.string().trim().min(1).max(LIMITS.shortText).nullable(),
  timeZone: TimeZone,
  languages: z.array(LanguageTag).min(1).max(LIMITS.languages),
  description: orNull(LocalizedText),
  website: HttpUrl.nullable(),
  contact: z.string().trim().min(1).max(LIMITS.shortText).nullable(),
  socialLinks: z.array(SocialLinkInput).max(20),
  location: orNull(GeoPointInput),
  status: ChapterStatus,
  foundedOn: LocalDate.nullable(),
};

export const ChapterInput = z
  .strictObject({
    id: Slug.meta({
      description: 'The chapter’s permanent slug, chosen once; it is its id on every instance',
      example: 'wales',
    }),
    name: chapterFields.name,
    kind: chapterFields.kind,
    parentId: chapterFields.parentId.optional(),
    country: chapterFields.country.optional(),
    locality: chapterFields.locality.optional(),
    timeZone: chapterFields.timeZone,
    languages: chapterFields.languages,
    description: chapterFields.description.optional(),
    website: chapterFields.website.optional(),
    contact: chapterFields.contact.optional(),
    socialLinks: chapterFields.socialLinks.optional(),
    location: chapterFields.location.optional(),
    status: chapterFields.status.optional(),
    foundedOn: chapterFields.foundedOn.optional(),
  })
  .meta({
    id: 'ChapterInput',
    description: 'A new chapter, authoritative on this instance',
    example: {
      id: 'wales',
      name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
      kind: 'regional',
      parentId: 'uk',
      country: 'GB',
      timeZone: 'Europe/London',
      languages: ['cy', 'en'],
    },
  });
export type ChapterInput = z.infer<typeof ChapterInput>;

export const ChapterPatch = z
  .strictObject({
    name: chapterFields.name.optional(),
    kind: chapterFields.kind.optional(),
    parentId: chapterFields.parentId.optional(),
    country: chapterFields.country.optional(),
    locality: chapterFields.locality.optional(),
    timeZone: chapterFields.timeZone.optional(),
    languages: chapterFields.languages.optional(),
    description: chapterFields.description.optional(),
    website: chapterFields.website.optional(),
    contact: chapterFields.contact.optional(),
    socialLinks: chapterFields.socialLinks.optional(),
    location: chapterFields.location.optional(),
    status: chapterFields.status.optional(),
    foundedOn: chapterFields.foundedOn.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field' })
  .meta({
    id: 'ChapterPatch',
    description:
      'Fields to change; omitted fields are kept, `null` clears an optional field. The id, origin and timestamps cannot be changed.',
    example: { status: 'dormant', website: 'https://www.oneteamgov.wales' },
  });
export type ChapterPatch = z.infer<typeof ChapterPatch>;
