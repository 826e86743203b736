/**
 * Parses a Retry-After header (RFC 9110 §10.2.3) into milliseconds from `now`.
 * It is either a non-negative number of seconds or an HTTP-date; a date in the
 * past means "retry now" (0). Anything else is ignored (undefined) rather than
 * guessed at, because a wrong value would either hammer or starve a source.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // Only accept something that looks like a date; Date.parse is lenient enough
  // to turn "1" or "soon 5" into a timestamp otherwise.
  if (!/[a-z]/i.test(trimmed) || !/\d{4}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
