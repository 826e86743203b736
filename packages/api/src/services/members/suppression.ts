import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberSuppressions } from '../../db/schema/index.js';
import { keyedHash } from '../secrets/instance-secret.js';

/** E-mail addresses compare without case, as the unique index does. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The only trace an erased person leaves: a keyed hash nobody outside can test a
 * guess against. Computed before a transaction opens (the secret may need creating,
 * and an embedded database serves one connection).
 */
export function emailHash(db: Db, email: string): Promise<string> {
  return keyedHash(db, 'member-email', normaliseEmail(email));
}

export async function suppress(db: Db, chapterId: string, hash: string): Promise<void> {
  await db.insert(memberSuppressions).values({ chapterId, emailHash: hash }).onConflictDoNothing();
}

/** The person asked to rejoin: they are a member again and no longer skipped by imports. */
export async function liftSuppression(db: Db, chapterId: string, hash: string): Promise<void> {
  await db
    .delete(memberSuppressions)
    .where(
      and(eq(memberSuppressions.chapterId, chapterId), eq(memberSuppressions.emailHash, hash)),
    );
}

/** Which of these hashes belong to erased people of the chapter. */
export async function suppressedHashes(
  db: Db,
  chapterId: string,
  hashes: string[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db
    .select({ hash: memberSuppressions.emailHash })
    .from(memberSuppressions)
    .where(
      and(
        eq(memberSuppressions.chapterId, chapterId),
        inArray(memberSuppressions.emailHash, hashes),
      ),
    );
  return new Set(rows.map((r) => r.hash));
}
