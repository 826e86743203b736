import { randomBytes } from 'node:crypto';

/** An opaque, unguessable id such as `key_3f9c0a1b2c3d4e5f` (never sequential). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
