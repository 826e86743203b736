import { z } from 'zod';
import { Id, Instant, Slug } from './primitives.js';

/** Where a chapter's events come from when they are not pushed. */
export const FeedKind = z.enum(['instance', 'ics']).meta({ id: 'FeedKind' });
export const SourceStatus = z
  .enum(['ok', 'stale', 'failing', 'needsReview'])
  .meta({ id: 'SourceStatus' });

const Counts = z.object({
  fetched: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  removed: z.number().int().min(0),
  rejected: z.number().int().min(0),
  held: z.number().int().min(0),
});

export const Source = z
  .object({
    id: Id,
    chapterId: Slug,
    kind: FeedKind,
    status: SourceStatus,
    lastAttemptAt: Instant.nullable(),
    lastSuccessAt: Instant.nullable(),
    consecutiveFailures: z.number().int().min(0),
    itemCount: z.number().int().min(0),
  })
  .meta({ id: 'Source', description: 'A feed the hub pulls; its URL is never published' });

export const SyncRun = z
  .object({
    id: Id,
    sourceId: Id,
    startedAt: Instant,
    finishedAt: Instant.nullable(),
    httpStatus: z.number().int().min(100).max(599).nullable(),
    outcome: z.enum(['success', 'notModified', 'failed', 'held']),
    counts: Counts,
    rejections: z
      .array(z.object({ item: z.string().max(500), reason: z.string().max(1000) }))
      .max(1000),
  })
  .meta({ id: 'SyncRun' });
