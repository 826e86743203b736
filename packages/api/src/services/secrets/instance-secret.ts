import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { instanceSecrets } from '../../db/schema/index.js';

const cache = new WeakMap<Db, Map<string, Promise<string>>>();

/**
 * A random secret generated once per instance and kept in the database, so every
 * process (and every restart) uses the same one without extra configuration.
 *
 * It is read through `db` (a transaction when called from one) and remembered
 * for `shared`, the database outside any transaction: each write opens a new
 * transaction, and remembering the secret per transaction read it again for
 * every audited write (two statements each).
 */
export function instanceSecret(db: Db, name: string, shared: Db = db): Promise<string> {
  let byName = cache.get(shared);
  if (!byName) {
    byName = new Map();
    cache.set(shared, byName);
  }
  const known = byName.get(name);
  if (known) return known;
  const remembered = byName;
  const loading = loadOrCreate(db, name);
  if (db === shared) {
    // Outside a transaction a new secret is stored at once: concurrent callers share one load.
    const value = loading.then((loaded) => loaded.value);
    value.catch(() => remembered.delete(name));
    remembered.set(name, value);
    return value;
  }
  // A secret created by this transaction may still roll back: remembered only once found stored.
  return loading.then(({ value, created }) => {
    if (!created && !remembered.has(name)) remembered.set(name, Promise.resolve(value));
    return value;
  });
}

async function loadOrCreate(db: Db, name: string): Promise<{ value: string; created: boolean }> {
  const [created] = await db
    .insert(instanceSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .returning({ value: instanceSecrets.value });
  if (created) return { value: created.value, created: true };
  const [row] = await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name));
  if (!row) throw new Error(`instance secret ${name} could not be stored`);
  return { value: row.value, created: false };
}

/**
 * HMAC-SHA-256 under an instance secret: the same input gives the same hash on
 * this instance, but nobody without the database can confirm a guess (an e-mail
 * address, say) against it.
 */
export async function keyedHash(
  db: Db,
  purpose: string,
  value: string,
  shared: Db = db,
): Promise<string> {
  const secret = await instanceSecret(db, purpose, shared);
  return createHmac('sha256', secret).update(value).digest('base64url');
}
