import type { ApiKey } from '@oneteamgov/schema';
import type { z } from 'zod';
import type { ApiKeyRow } from '../../db/schema/index.js';

export function toApiKey(row: ApiKeyRow): z.infer<typeof ApiKey> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    grants: row.grants as z.infer<typeof ApiKey>['grants'],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
