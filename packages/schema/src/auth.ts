import { z } from 'zod';
import { Cursor, page } from './page.js';
import { Id, Instant, LIMITS, Slug } from './primitives.js';

/**
 * What a key may do. Every scope except `admin` is bound to one chapter;
 * `admin` is instance-wide. `members:write` includes `members:read`;
 * `webhooks:write` subscribes to the chapter's own events only;
 * `events:moderate` reviews the chapter's held imports and hides its events.
 */
export const SCOPES = [
  'admin',
  'chapters:write',
  'events:write',
  'events:moderate',
  'sources:write',
  'members:read',
  'members:write',
  'webhooks:write',
] as const;
export const Scope = z.enum(SCOPES).meta({ id: 'Scope', example: 'events:write' });
export type Scope = z.infer<typeof Scope>;

export const KeyGrant = z
  .strictObject({
    scope: Scope,
    chapterId: Slug.nullable().meta({
      description: 'The chapter the scope applies to; null (and only null) for `admin`',
      example: 'wales',
    }),
  })
  .refine((g) => (g.scope === 'admin') === (g.chapterId === null), {
    message: '`admin` takes chapterId null; every other scope needs a chapter',
    path: ['chapterId'],
  })
  .meta({ id: 'KeyGrant' });
export type KeyGrant = z.infer<typeof KeyGrant>;

export const ApiKey = z
  .object({
    id: Id.meta({ example: 'key_3kT9pQ2rWm8x' }),
    name: z.string().max(LIMITS.shortText).meta({ example: 'Wales website' }),
    prefix: z.string().max(20).meta({
      description: 'The first characters of the secret, to tell keys apart',
      example: 'otg_Xk29',
    }),
    grants: z.array(KeyGrant).max(50),
    createdBy: z.string().max(LIMITS.id).meta({ description: 'Key id, or `cli`' }),
    createdAt: Instant,
    lastUsedAt: Instant.nullable(),
    expiresAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'ApiKey', description: 'An API key; the secret itself is never returned again' });

export const ApiKeyInput = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    grants: z.array(KeyGrant).min(1).max(50),
    expiresAt: Instant.nullable().optional(),
  })
  .meta({
    id: 'ApiKeyInput',
    example: {
      name: 'Wales website',
      grants: [
        { scope: 'events:write', chapterId: 'wales' },
        { scope: 'sources:write', chapterId: 'wales' },
      ],
    },
  });

export const CreatedApiKey = ApiKey.extend({
  secret: z.string().max(100).meta({
    description:
      'The key to send as `Authorization: Bearer …`. Shown once: only its hash is stored.',
    example: 'otg_Xk29VwQm3b1c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4',
  }),
}).meta({ id: 'CreatedApiKey' });

export const ApiKeyPage = page(ApiKey, 'ApiKeyPage', 'A page of API keys, newest first');

export const ApiKeyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20).meta({ format: 'int32' }),
  cursor: Cursor.optional(),
});

export const AuditEntry = z
  .object({
    id: Id,
    at: Instant,
    actor: z.object({
      type: z.enum(['key', 'sync', 'cli', 'system']),
      id: z.string().max(LIMITS.id).meta({ description: 'API key id, sync run id, or `cli`' }),
    }),
    action: z.string().max(100).meta({ example: 'event.update' }),
    target: z.object({
      type: z.string().max(50).meta({ example: 'event' }),
      id: z.string().max(LIMITS.id),
    }),
    chapterId: Slug.nullable(),
    requestId: z.string().max(255).nullable(),
    inputHash: z.string().max(100).nullable().meta({
      description: 'Keyed hash of the request body: proves what was sent without storing it',
    }),
  })
  .meta({ id: 'AuditEntry', description: 'One write, as recorded in the append-only audit log' });

export const AuditPage = page(AuditEntry, 'AuditPage', 'A page of the audit log, newest first');

export const AuditListQuery = z.object({
  chapter: Slug.optional().meta({ description: 'Only writes to this chapter' }),
  actor: Id.optional().meta({ description: 'Only writes by this key id or sync run' }),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20).meta({ format: 'int32' }),
  cursor: Cursor.optional(),
});
