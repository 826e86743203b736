import { z } from 'zod';
import { Chapter } from './chapter.js';
import { Event } from './event.js';
import { MAX_PUBLIC_PROFILES, MembershipSummary, PublicMemberProfile } from './member.js';
import { Id, Instant, LIMITS } from './primitives.js';

const changeFields = {
  id: Id,
  state: z
    .enum(['updated', 'deleted'])
    .meta({ description: '`deleted` is a tombstone: data is null' }),
  modified: Instant.meta({ description: 'When the record last changed on this instance' }),
  origin: z
    .string()
    .max(LIMITS.url)
    .meta({ description: 'Base URL of the instance that owns the record' }),
};

export const EventChange = z
  .strictObject({ kind: z.literal('event'), ...changeFields, data: Event.strict().nullable() })
  .meta({ id: 'EventChange' });
export const ChapterChange = z
  .strictObject({ kind: z.literal('chapter'), ...changeFields, data: Chapter.strict().nullable() })
  .meta({ id: 'ChapterChange' });

export const MembershipChange = z
  .strictObject({
    kind: z.literal('membership'),
    ...changeFields,
    id: changeFields.id.meta({ description: 'The chapter id' }),
    // A profile carrying anything more than its public fields is refused, not trimmed.
    data: MembershipSummary.extend({
      publicProfiles: z.array(PublicMemberProfile.strict()).max(MAX_PUBLIC_PROFILES),
    })
      .strict()
      .nullable(),
  })
  .meta({
    id: 'MembershipChange',
    description: 'A chapter’s public membership aggregates; member records never travel',
  });

/**
 * One entry of the change feed. Peers validate what they receive with this same
 * schema (strict: unknown fields are refused), one item at a time.
 */
export const Change = z
  .discriminatedUnion('kind', [EventChange, ChapterChange, MembershipChange])
  .meta({
    id: 'Change',
    description:
      'A created, updated or deleted chapter or event, or a chapter’s membership aggregates',
  });
export type Change = z.infer<typeof Change>;

export const ChangePage = z
  .object({
    data: z.array(Change).max(LIMITS.pageSize),
    nextCursor: z.string().max(LIMITS.cursor).nullable().meta({
      description: 'The next page, or null when the consumer has caught up',
    }),
    resumeCursor: z.string().max(LIMITS.cursor).meta({
      description: 'Where to resume later (store it): always present, even when caught up',
    }),
  })
  .meta({ id: 'ChangePage', description: 'A page of the change feed, ordered by (modified, id)' });

export const InstanceDescriptor = z
  .object({
    name: z.string().max(LIMITS.shortText),
    software: z.object({ name: z.literal('oneteamgov-hub'), version: z.string().max(50) }),
    apiBase: z.string().max(LIMITS.url),
    changesUrl: z.string().max(LIMITS.url),
    openapiUrl: z.string().max(LIMITS.url),
    chapters: z.array(z.string().max(LIMITS.id)).max(10_000).meta({
      description: 'Ids of the chapters this instance is authoritative for',
    }),
  })
  .meta({ id: 'InstanceDescriptor', description: 'GET /.well-known/oneteamgov' });
