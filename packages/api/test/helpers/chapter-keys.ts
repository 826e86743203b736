import type { webcrypto } from 'node:crypto';
import { exportJwk, generateCryptoKeyPair } from '@fedify/fedify';
import type { Db } from '../../src/db/client.js';
import { activitypubKeys } from '../../src/db/schema/index.js';

type Algorithm = 'RSASSA-PKCS1-v1_5' | 'Ed25519';
const ALGORITHMS: Algorithm[] = ['RSASSA-PKCS1-v1_5', 'Ed25519'];

let pairs:
  | Promise<
      { algorithm: Algorithm; publicKey: webcrypto.JsonWebKey; privateKey: webcrypto.JsonWebKey }[]
    >
  | undefined;

/**
 * Stores key pairs for a test chapter, as the hub would on its first delivery.
 * An RSA-4096 pair costs a CPU-second or more to make, and tests about what is
 * delivered do not need a key of their own per chapter: one set per test
 * worker is shared. The tests about discovery and following still let the hub
 * generate its keys.
 */
export async function giveChapterKeys(db: Db, chapterId: string): Promise<void> {
  pairs ??= Promise.all(
    ALGORITHMS.map(async (algorithm) => {
      const pair = await generateCryptoKeyPair(algorithm);
      return {
        algorithm,
        publicKey: await exportJwk(pair.publicKey),
        privateKey: await exportJwk(pair.privateKey),
      };
    }),
  );
  await db.insert(activitypubKeys).values((await pairs).map((pair) => ({ chapterId, ...pair })));
}
