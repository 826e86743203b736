import { z } from 'zod';
import { Count, HttpUrl, Id, Instant, int32, Slug } from './primitives.js';

/** Where a chapter's events come from when they are not pushed. */
export const FeedKind = z.enum(['instance', 'ics']).meta({ id: 'FeedKind' });
export const SourceStatus = z
  .enum(['ok', 'stale', 'failing', 'needsReview'])
  .meta({ id: 'SourceStatus' });

const Counts = z.object({
  fetched: Count,
  created: Count,
  updated: Count,
  unchanged: Count,
  removed: Count,
  rejected: Count,
  held: Count,
});

const Review = z.boolean().meta({
  description:
    'When true, new and materially changed imports wait in the moderation queue (`GET /v1/moderation`) until a moderator approves them',
  example: false,
});

export const Source = z
  .object({
    id: Id,
    chapterId: Slug,
    kind: FeedKind,
    endpoint: z.string().max(2000).meta({
      description: 'Scheme and host of the feed only: paths and queries can hold secrets',
      example: 'https://calendar.google.com',
    }),
    intervalMinutes: int32(1, 10_080),
    review: Review,
    status: SourceStatus,
    nextAttemptAt: Instant,
    lastAttemptAt: Instant.nullable(),
    lastSuccessAt: Instant.nullable(),
    consecutiveFailures: Count,
    itemCount: Count,
  })
  .meta({ id: 'Source', description: 'A feed the hub pulls; its URL is never published' });
export type Source = z.infer<typeof Source>;

export const SyncRunOutcome = z
  .enum(['running', 'success', 'notModified', 'failed', 'held', 'interrupted'])
  .meta({
    id: 'SyncRunOutcome',
    description:
      '`running` while a run is under way; `interrupted` when its worker stopped before it finished (nothing was changed)',
  });

export const SyncRun = z
  .object({
    id: Id,
    sourceId: Id,
    startedAt: Instant,
    finishedAt: Instant.nullable(),
    httpStatus: int32(100, 599).nullable(),
    outcome: SyncRunOutcome,
    error: z.string().max(2000).nullable(),
    counts: Counts,
    rejections: z
      .array(z.object({ item: z.string().max(500), reason: z.string().max(1000) }))
      .max(1000),
  })
  .meta({ id: 'SyncRun' });
export type SyncRun = z.infer<typeof SyncRun>;

export const SourceDetail = Source.extend({
  recentRuns: z.array(SyncRun).max(20),
}).meta({ id: 'SourceDetail', description: 'A source with its most recent sync runs' });

export const SourceListQuery = z.object({
  chapter: Slug.optional(),
  status: SourceStatus.optional(),
});

const SourceUrl = HttpUrl.meta({
  description:
    'The feed URL. Stored privately and never returned (it may embed a token); only its scheme and host are shown.',
  example: 'https://calendar.google.com/calendar/ical/abc/private-token/basic.ics',
});
const IntervalMinutes = int32(5, 10_080).meta({
  description: 'Minutes between syncs (5 minutes to a week)',
  example: 60,
});

export const SourceInput = z
  .strictObject({
    id: Slug.optional().meta({
      description: 'A slug of your choice; one is generated when omitted',
      example: 'wales-google-calendar',
    }),
    kind: FeedKind,
    url: SourceUrl,
    intervalMinutes: IntervalMinutes.optional(),
    review: Review.optional(),
  })
  .meta({
    id: 'SourceInput',
    description: 'A feed to pull this chapter’s events from',
    example: { kind: 'ics', url: 'https://calendar.example.org/wales.ics', intervalMinutes: 60 },
  });
export type SourceInput = z.infer<typeof SourceInput>;

export const SourcePatch = z
  .strictObject({
    url: SourceUrl.optional(),
    intervalMinutes: IntervalMinutes.optional(),
    review: Review.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field' })
  .meta({
    id: 'SourcePatch',
    description: 'Pointing a source at a new URL starts it afresh and makes it due now',
    example: { intervalMinutes: 30 },
  });
export type SourcePatch = z.infer<typeof SourcePatch>;
