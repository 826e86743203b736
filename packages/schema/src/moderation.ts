import { z } from 'zod';
import { Event } from './event.js';
import { Cursor, page } from './page.js';
import { Id, Instant, LIMITS, Slug } from './primitives.js';

/** What a held item would do once approved. */
export const ModerationKind = z.enum(['new', 'changed', 'removed']).meta({
  id: 'ModerationKind',
  description:
    '`new`: an import not yet public; `changed`: a material change to a public event; `removed`: a removal the delete breaker held',
});

export const ModerationItem = z
  .object({
    id: Id.meta({ example: 'mod_3kT9pQ2rWm8x' }),
    kind: ModerationKind,
    sourceId: Id,
    chapterId: Slug,
    event: Event.meta({
      description:
        'The event as it would be published on approval (for `removed`: the event that would be removed)',
    }),
    previous: Event.nullable().meta({
      description: 'For `changed`: the event as the public sees it now; otherwise null',
    }),
    heldAt: Instant,
  })
  .meta({ id: 'ModerationItem', description: 'An import waiting for a moderator' });
export type ModerationItem = z.infer<typeof ModerationItem>;

export const ModerationPage = page(ModerationItem, 'ModerationPage', 'Held items, oldest first');

export const ModerationListQuery = z.object({
  chapter: Slug.optional().meta({ description: 'Only items of this chapter' }),
  source: Id.optional().meta({ description: 'Only items of this source' }),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20).meta({ format: 'int32' }),
  cursor: Cursor.optional(),
});

export const ModerationDecision = z
  .object({
    id: Id,
    kind: ModerationKind,
    status: z.enum(['approved', 'rejected']),
    eventId: Id,
    decidedAt: Instant,
  })
  .meta({ id: 'ModerationDecision', description: 'What a moderator decided about a held item' });

export const HideInput = z
  .strictObject({
    reason: z.string().trim().min(1).max(LIMITS.summary).meta({
      description: 'Why the event is hidden: shown to admins and moderators, never to the public',
      example: 'Spam: not a One Team Gov event',
    }),
  })
  .meta({ id: 'HideInput' });
export type HideInput = z.infer<typeof HideInput>;

export const EventModeration = z
  .object({
    eventId: Id,
    chapterId: Slug,
    hidden: z.boolean(),
    reason: z.string().max(LIMITS.summary).nullable(),
    hiddenAt: Instant.nullable(),
    hiddenBy: z.string().max(LIMITS.id).nullable().meta({
      description: 'The API key id (or `cli`) that hid it',
    }),
  })
  .meta({
    id: 'EventModeration',
    description: 'Whether an event is hidden from the public, and why',
  });

export const HiddenEvent = EventModeration.extend({ event: Event }).meta({
  id: 'HiddenEvent',
  description: 'A hidden event with the reason it was hidden',
});

export const HiddenEventPage = page(
  HiddenEvent,
  'HiddenEventPage',
  'Hidden events, most recently hidden first',
);

export const HiddenListQuery = z.object({
  chapter: Slug.optional().meta({ description: 'Only events of this chapter' }),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20).meta({ format: 'int32' }),
  cursor: Cursor.optional(),
});
