import { z } from 'zod';
import { ChapterKind, ChapterStatus } from './chapter.js';
import { AccessibilityFeature, AttendanceMode, EventStatus } from './event.js';
import { Cursor } from './page.js';
import { CountryCode, Instant, LanguageTag, LIMITS, Slug, Tag } from './primitives.js';
import { PrincipleId } from './principle.js';

/**
 * Query parameters arrive as a string or, when repeated, an array of strings.
 * Lists accept both `?chapter=a&chapter=b` and `?chapter=a,b`.
 */
function list<T extends z.ZodType>(item: T, max: number) {
  return z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
        .filter((v) => v !== ''),
    z.array(item).min(1).max(max),
  );
}

const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(LIMITS.pageSize)
  .default(20)
  .meta({ description: 'Page size, 1–100', example: 20, format: 'int32' });

const SearchText = z
  .string()
  .min(1)
  .max(LIMITS.query)
  .meta({ description: 'Full-text search, accent-insensitive, over every language' });

export const ChapterListQuery = z.object({
  country: list(CountryCode, 50).optional(),
  kind: list(ChapterKind, 3).optional(),
  parent: Slug.optional().meta({ description: 'Only children of this chapter' }),
  status: list(ChapterStatus, 2).optional(),
  q: SearchText.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});
export type ChapterListQuery = z.infer<typeof ChapterListQuery>;

const Near = z
  .string()
  .max(60)
  .regex(/^-?\d{1,2}(?:\.\d+)?,-?\d{1,3}(?:\.\d+)?$/, 'must be "lat,lng" in decimal degrees')
  .transform((value, ctx) => {
    const [lat, lng] = value.split(',').map(Number) as [number, number];
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      ctx.addIssue({ code: 'custom', message: 'latitude or longitude out of range' });
      return z.NEVER;
    }
    return { lat, lng };
  })
  .meta({ description: 'Centre point "lat,lng"; use with radiusKm', example: '53.4808,-2.2426' });

/** Filters shared by `/v1/events`, `/v1/chapters/{chapterId}/events` and their calendars. */
const eventFilters = {
  country: list(CountryCode, 50).optional(),
  // Examples make a valid window together: the reference's "Try it" sends them as they are.
  from: Instant.optional().meta({
    description: 'Events ending at or after this instant (default: now, i.e. upcoming)',
    example: '2026-07-01T00:00:00Z',
  }),
  to: Instant.optional().meta({
    description: 'Events starting before this instant',
    example: '2026-08-01T00:00:00Z',
  }),
  status: list(EventStatus, 5).optional(),
  attendanceMode: list(AttendanceMode, 3).optional(),
  principle: list(PrincipleId, 7).optional(),
  tag: list(Tag, 20).optional(),
  inLanguage: list(LanguageTag, 20).optional(),
  accessibility: list(AccessibilityFeature, 10).optional().meta({
    description:
      'Only events offering every one of these accessibility features, e.g. `stepFreeAccess,hearingLoop`',
  }),
  q: SearchText.optional(),
  near: Near.optional(),
  radiusKm: z.coerce.number().min(0.1).max(20_000).optional().meta({
    description: 'Radius around `near` in kilometres (default 50)',
  }),
  updatedSince: Instant.optional().meta({ description: 'Only events changed after this instant' }),
  includeSubchapters: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .meta({
      description:
        "With `true`, a chapter's events include its subchapters' at any depth (`chapter=uk` also lists North, Scotland and Wales)",
    }),
};
const paging = { limit: Limit, cursor: Cursor.optional() };
const chapterFilter = {
  chapter: list(Slug, 50).optional().meta({ description: 'One or more chapter ids' }),
};
const calendarLanguage = {
  lang: LanguageTag.optional().meta({
    description:
      'Language for titles and descriptions; falls back to the base language, then English, then any',
  }),
};

function checkEventFilters(
  query: { from?: string; to?: string; near?: unknown; radiusKm?: number },
  ctx: z.RefinementCtx,
) {
  if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
  }
  if (query.radiusKm !== undefined && query.near === undefined) {
    ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: '`radiusKm` needs `near`' });
  }
}

export const ChapterEventListQuery = z
  .object({ ...eventFilters, ...paging })
  .superRefine(checkEventFilters);
export const EventListQuery = z
  .object({ ...chapterFilter, ...eventFilters, ...paging })
  .superRefine(checkEventFilters);
export const ChapterEventCalendarQuery = z
  .object({ ...eventFilters, ...calendarLanguage })
  .superRefine(checkEventFilters);
export const EventCalendarQuery = z
  .object({ ...chapterFilter, ...eventFilters, ...calendarLanguage })
  .superRefine(checkEventFilters);
export const CalendarLanguageQuery = z.object(calendarLanguage);
export type EventListQuery = z.infer<typeof EventListQuery>;

export const ChangeListQuery = z.object({
  cursor: Cursor.optional().meta({
    description: 'Resume after this position (nextCursor or resumeCursor)',
  }),
  after: Cursor.optional().meta({ description: 'Alias of `cursor`, as in RPDE feeds' }),
  limit: Limit,
});
export type ChangeListQuery = z.infer<typeof ChangeListQuery>;
