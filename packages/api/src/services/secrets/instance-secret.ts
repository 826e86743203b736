import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { instanceSecrets } from '../../db/schema/index.js';

const cache = new WeakMap<Db, Map<string, Promise<string>>>();

/**
 * A random secret generated once per instance and kept in the database, so every
 * process (and every restart) uses the same one without extra configuration.
 */
export function instanceSecret(db: Db, name: string): Promise<string> {
  let byName = cache.get(db);
  if (!byName) {
    byName = new Map();
    cache.set(db, byName);
  }
  let secret = byName.get(name);
  if (!secret) {
    secret = loadOrCreate(db, name);
    secret.catch(() => byName.delete(name));
    byName.set(name, secret);
  }
  return secret;
}

async function loadOrCreate(db: Db, name: string): Promise<string> {
  await db
    .insert(instanceSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name));
  if (!row) throw new Error(`instance secret ${name} could not be stored`);
  return row.value;
}

/**
 * HMAC-SHA-256 under an instance secret: the same input gives the same hash on
 * this instance, but nobody without the database can confirm a guess (an e-mail
 * address, say) against it.
 */
export async function keyedHash(db: Db, purpose: string, value: string): Promise<string> {
  const secret = await instanceSecret(db, purpose);
  return createHmac('sha256', secret).update(value).digest('base64url');
}
