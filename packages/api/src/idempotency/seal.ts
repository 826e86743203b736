import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Stored responses are sealed with AES-256-GCM under a key derived (HKDF) from
 * the client's Idempotency-Key, which the database never holds: only a hash of
 * it, for lookups. A copy of the database therefore reveals no stored response,
 * yet the client that retries with its key gets the exact bytes back.
 */
export function lookupHash(apiKeyId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${apiKeyId}\n${idempotencyKey}`).digest('base64url');
}

function sealingKey(apiKeyId: string, idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, apiKeyId, 'otg-idempotent-response', 32));
}

export function seal(apiKeyId: string, idempotencyKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(apiKeyId, idempotencyKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(apiKeyId: string, idempotencyKey: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    sealingKey(apiKeyId, idempotencyKey),
    bytes.subarray(0, 12),
  );
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
