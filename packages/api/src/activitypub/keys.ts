import type { webcrypto } from 'node:crypto';
import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { activitypubKeys } from '../db/schema/index.js';

const ALGORITHMS = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/**
 * A chapter's key pairs, RSA first (HTTP Signatures, which every fediverse
 * server verifies) then Ed25519 (Object Integrity Proofs). Generated and stored
 * the first time they are needed; when two processes race, the first insert
 * wins and both read it back, so a chapter never has two keys of one kind.
 */
export async function chapterKeyPairs(
  db: Db,
  chapterId: string,
): Promise<webcrypto.CryptoKeyPair[]> {
  const pairs: webcrypto.CryptoKeyPair[] = [];
  for (const algorithm of ALGORITHMS) pairs.push(await keyPairOf(db, chapterId, algorithm));
  return pairs;
}

/**
 * Generations under way in this process, so that deliveries and actor requests
 * needing a new chapter's key at the same moment wait for one key instead of
 * each making its own (an RSA-4096 pair costs a CPU-second or more) only for
 * all but one to be thrown away.
 */
const generating = new WeakMap<Db, Map<string, Promise<webcrypto.CryptoKeyPair>>>();

async function keyPairOf(
  db: Db,
  chapterId: string,
  algorithm: Algorithm,
): Promise<webcrypto.CryptoKeyPair> {
  const stored = await read(db, chapterId, algorithm);
  if (stored) return stored;
  const key = `${chapterId}\u0000${algorithm}`;
  const underWay = generating.get(db) ?? new Map<string, Promise<webcrypto.CryptoKeyPair>>();
  generating.set(db, underWay);
  let pending = underWay.get(key);
  if (!pending) {
    pending = generateAndStore(db, chapterId, algorithm).finally(() => underWay.delete(key));
    underWay.set(key, pending);
  }
  return pending;
}

async function generateAndStore(
  db: Db,
  chapterId: string,
  algorithm: Algorithm,
): Promise<webcrypto.CryptoKeyPair> {
  const generated = await generateCryptoKeyPair(algorithm);
  await db
    .insert(activitypubKeys)
    .values({
      chapterId,
      algorithm,
      publicKey: await exportJwk(generated.publicKey),
      privateKey: await exportJwk(generated.privateKey),
    })
    .onConflictDoNothing();
  const kept = await read(db, chapterId, algorithm);
  if (!kept) throw new Error(`the ${algorithm} key of chapter ${chapterId} was not stored`);
  return kept;
}

async function read(
  db: Db,
  chapterId: string,
  algorithm: Algorithm,
): Promise<webcrypto.CryptoKeyPair | undefined> {
  const [row] = await db
    .select()
    .from(activitypubKeys)
    .where(and(eq(activitypubKeys.chapterId, chapterId), eq(activitypubKeys.algorithm, algorithm)));
  if (!row) return undefined;
  return {
    publicKey: await importJwk(row.publicKey, 'public'),
    privateKey: await importJwk(row.privateKey, 'private'),
  };
}
