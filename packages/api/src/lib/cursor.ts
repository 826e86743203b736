import { ApiError } from './problem.js';

/**
 * Keyset cursors are opaque to clients: base64url of a small JSON tuple tagged
 * with the list it belongs to, so a cursor from one list cannot be replayed on
 * another and any tampering is a clear 400 rather than a wrong page.
 */
export function encodeCursor(kind: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, arity: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== kind ||
    !parsed.every((v) => typeof v === 'string' && v.length <= 200)
  ) {
    throw invalidCursor();
  }
  return parsed.slice(1) as string[];
}

export function invalidCursor() {
  return new ApiError('invalid_cursor', 'The cursor is not one this list returned', {
    errors: [{ pointer: '/query/cursor', detail: 'malformed cursor' }],
  });
}
