import { ApiError } from './problem.js';

/**
 * Keyset cursors are opaque to clients: base64url of a small JSON tuple tagged
 * with the list it belongs to, so a cursor from one list cannot be replayed on
 * another and any tampering is a clear 400 rather than a wrong page.
 *
 * Every list ordered by more than its id leads its key with the instant it is
 * ordered by (an event's start, a row's creation or change time), so a cursor
 * of two or more values must start with an instant this hub could have
 * written: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` with a real calendar date in years
 * 0001-9999. Anything else (`2026-02-30`, `+275760-09-13…`) is refused here,
 * before it can reach a `::timestamptz` cast and fail there as a 500.
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
    !parsed.every(isKeyPart)
  ) {
    throw invalidCursor();
  }
  const key = parsed.slice(1) as string[];
  if (arity > 1 && !isInstant(key[0] as string)) throw invalidCursor();
  return key;
}

export function invalidCursor() {
  return new ApiError('invalid_cursor', 'The cursor is not one this list returned', {
    errors: [{ pointer: '/query/cursor', detail: 'malformed cursor' }],
  });
}

/**
 * Short, well-formed text without control characters: PostgreSQL refuses a NUL
 * byte or a lone surrogate in a parameter, which would otherwise be a 500.
 */
function isKeyPart(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 200 &&
    // Cc: control characters (NUL included); Cs: a surrogate not part of a pair.
    !/[\p{Cc}\p{Cs}]/u.test(value)
  );
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

/** True for an RFC 3339 UTC instant whose every field is in range (no Feb 30, no hour 24). */
export function isInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  if (year! < 1 || hour! > 23 || minute! > 59 || second! > 59) return false;
  // Date.UTC rolls an out-of-range day into the next month; a real date survives the round trip.
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  date.setUTCFullYear(year!);
  return date.getUTCMonth() === month! - 1 && date.getUTCDate() === day!;
}
