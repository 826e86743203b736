import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface KeyGrantValue {
  scope: string;
  /** null only for instance-wide scopes (admin). */
  chapterId: string | null;
}

/**
 * API keys. Only a SHA-256 of the secret is stored (keys are 256 random bits, so a
 * fast hash is enough); the secret itself is shown once, when the key is made.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The first characters of the secret, so people can tell their keys apart. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    grants: jsonb('grants').$type<KeyGrantValue[]>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    lastUsedAt: instant('last_used_at'),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('api_keys_created_idx').on(t.createdAt, t.id)],
);

/**
 * Stored outcomes of writes sent with an Idempotency-Key (Stripe semantics),
 * scoped to the API key that sent them. `status` is null while the first request
 * is still running. `key` is a hash of the client's key and `body` is encrypted
 * under a key derived from it, so the stored responses (a new API key's secret,
 * a member's e-mail) are unreadable to anyone who has only the database.
 * `subjects` lists the ids a response is about, so erasure can find them.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: smallint('status'),
    contentType: text('content_type'),
    location: text('location'),
    body: text('body'),
    subjects: text('subjects').array().notNull().default(sql`'{}'::text[]`),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.apiKeyId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
    index('idempotency_keys_subjects_idx').using('gin', t.subjects),
  ],
);

/** Instance-local secrets generated on first use (e.g. the key for hashing e-mails). */
export const instanceSecrets = pgTable('instance_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: instant('created_at').notNull().default(sql`now()`),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
