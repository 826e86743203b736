import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'otg_';
/** otg_ + 43 base64url characters (256 random bits). */
const KEY_PATTERN = /^otg_[A-Za-z0-9_-]{43}$/;

export function generateSecret(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * A plain SHA-256 is the right tool here: the secret is 256 random bits, so
 * there is nothing to brute-force, and lookups stay a single indexed equality.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The part of a secret that may be shown later, to tell keys apart. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 8);
}

export function looksLikeKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** `Bearer otg_…` → the secret; anything else → null. */
export function parseBearer(header: string): string | null {
  const match = /^Bearer +(\S+)$/i.exec(header.trim());
  return match?.[1] && looksLikeKey(match[1]) ? match[1] : null;
}
