import { z } from 'zod';
import { Chapter } from './chapter.js';
import { Event } from './event.js';
import { MembershipSummary } from './member.js';
import { Cursor, page } from './page.js';
import { HttpUrl, Id, Instant, LIMITS, Slug } from './primitives.js';
import { Source } from './source.js';

/** What the hub announces: one domain event per change, in commit order of allocation. */
export const DOMAIN_EVENT_TYPES = [
  'event.created',
  'event.updated',
  'event.cancelled',
  'event.rescheduled',
  'event.deleted',
  'chapter.created',
  'chapter.updated',
  'source.failed',
  'source.held',
  'source.recovered',
  'membership.updated',
] as const;
export const DomainEventType = z
  .enum(DOMAIN_EVENT_TYPES)
  .meta({ id: 'DomainEventType', example: 'event.created' });
export type DomainEventType = z.infer<typeof DomainEventType>;

/** A deleted event: enough to remove it, nothing more. */
export const EventTombstone = z
  .object({
    id: Id,
    chapterId: Slug,
    deleted: z.literal(true),
  })
  .meta({ id: 'EventTombstone', description: 'An event that no longer exists' });
export type EventTombstone = z.infer<typeof EventTombstone>;

/** Public membership aggregates of a chapter: counts only, never member records. */
export const MembershipUpdate = z
  .object({ chapterId: Slug, summary: MembershipSummary })
  .meta({ id: 'MembershipUpdate' });

/** The body of every webhook delivery (and of every outbox entry). */
export const WebhookPayload = z
  .object({
    type: z.union([DomainEventType, z.literal('webhook.test')]),
    timestamp: Instant,
    data: z.union([Event, EventTombstone, Chapter, Source, MembershipUpdate, z.object({})]),
  })
  .meta({
    id: 'WebhookPayload',
    description:
      '`data` is the resource exactly as the API returns it: an Event (a tombstone for `event.deleted`), a Chapter, a Source, or membership aggregates',
  });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const WebhookStatus = z.enum(['enabled', 'disabled']).meta({ id: 'WebhookStatus' });

export const Webhook = z
  .object({
    id: Id.meta({ example: 'whk_4f1c2b9a0d3e7f61' }),
    url: HttpUrl,
    description: z.string().max(LIMITS.shortText).nullable(),
    events: z.array(DomainEventType).min(1).max(DOMAIN_EVENT_TYPES.length),
    chapters: z.array(Slug).max(50).nullable().meta({
      description: 'Only these chapters’ events are sent; null means every chapter (admin keys)',
    }),
    status: WebhookStatus,
    disabledReason: z.string().max(500).nullable(),
    consecutiveFailures: z.number().int().min(0).max(1_000_000).meta({ format: 'int32' }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Webhook', description: 'An endpoint the hub sends signed domain events to' });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().max(100).meta({
    description:
      'The signing secret (Standard Webhooks `whsec_` form). Shown only when created or rotated: store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).meta({ id: 'WebhookWithSecret' });

export const WebhookCreate = z
  .strictObject({
    url: HttpUrl.meta({ example: 'https://hooks.example.org/otg' }),
    events: z
      .array(DomainEventType)
      .min(1)
      .max(DOMAIN_EVENT_TYPES.length)
      .meta({ example: ['event.created', 'event.updated', 'event.deleted'] }),
    chapters: z
      .array(Slug)
      .min(1)
      .max(50)
      .optional()
      .meta({
        description:
          'Chapters whose events to send. Required for chapter keys (your own chapters only); admin keys may omit it for every chapter.',
        example: ['wales'],
      }),
    description: z.string().max(LIMITS.shortText).optional(),
  })
  .meta({ id: 'WebhookCreate' });
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookUpdate = z
  .strictObject({
    url: HttpUrl.optional(),
    events: z.array(DomainEventType).min(1).max(DOMAIN_EVENT_TYPES.length).optional(),
    chapters: z.array(Slug).min(1).max(50).nullable().optional(),
    description: z.string().max(LIMITS.shortText).nullable().optional(),
    status: WebhookStatus.optional().meta({
      description: '`enabled` re-enables a disabled endpoint (its failure count starts again)',
    }),
  })
  .meta({ id: 'WebhookUpdate' });
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

export const WebhookPage = page(
  Webhook,
  'WebhookPage',
  'A page of webhook endpoints, newest first',
);

export const WebhookListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20).meta({ format: 'int32' }),
  cursor: Cursor.optional(),
});

export const WebhookAttempt = z
  .object({
    at: Instant,
    status: z.number().int().min(100).max(599).meta({ format: 'int32' }).nullable().meta({
      description: 'The HTTP status the endpoint answered; null when no response came',
    }),
    latencyMs: z.number().int().min(0).max(3_600_000).meta({ format: 'int32' }),
    error: z.string().max(500).nullable(),
    responseBody: z.string().max(1024).nullable().meta({
      description: 'At most the first 1 KB of what the endpoint answered',
    }),
  })
  .meta({ id: 'WebhookAttempt' });

export const WebhookDelivery = z
  .object({
    id: Id.meta({ example: 'whd_0c1d2e3f4a5b6c7d' }),
    messageId: Id.meta({ description: 'The `webhook-id` header: the same on every retry' }),
    type: z.union([DomainEventType, z.literal('webhook.test')]),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.array(WebhookAttempt).max(50),
    nextAttemptAt: Instant.nullable().meta({ description: 'null once delivered or given up' }),
    lastError: z.string().max(500).nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryPage = page(
  WebhookDelivery,
  'WebhookDeliveryPage',
  'Deliveries to one endpoint, newest first',
);
