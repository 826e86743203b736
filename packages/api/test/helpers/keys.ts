import type { KeyGrant } from '@oneteamgov/schema';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/services/keys/create-key.js';
import { revokeKey } from '../../src/services/keys/manage-keys.js';
import { testCtx } from './service-ctx.js';

/** Makes a real key in the suite's database; returns its id and secret. */
export async function createTestKey(db: Db, grants: KeyGrant[], name = 'test key') {
  const key = await createKey(testCtx(db), { name, grants, createdBy: 'cli' });
  return { id: key.id, secret: key.secret };
}

export const adminGrant: KeyGrant = { scope: 'admin', chapterId: null };

/** Every chapter-bound scope on one chapter: an organiser's key. */
export function organiserGrants(chapterId: string): KeyGrant[] {
  return (
    [
      'chapters:write',
      'events:write',
      'events:moderate',
      'sources:write',
      'members:write',
      'webhooks:write',
    ] as const
  ).map((scope) => ({ scope, chapterId }));
}

export async function createRevokedKey(db: Db, grants: KeyGrant[]) {
  const key = await createTestKey(db, grants, 'revoked key');
  await revokeKey(testCtx(db), key.id);
  return key;
}
