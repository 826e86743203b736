/**
 * When to try again after a failed attempt: quickly at first, then spread over
 * about three days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 20 h —
 * 61.6 hours in all), each wait varied by up to ±20 % so endpoints recovering
 * from an outage are not hit by every queued message at the same moment.
 */
const WAITS_MS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 50_400, 72_000].map(
  (s) => s * 1000,
);

/** Attempts made before a delivery is given up. */
export const MAX_ATTEMPTS = WAITS_MS.length + 1;

/** The longest a receiver's Retry-After can push an attempt back. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * The wait after attempt `attempt` (1-based) failed, or null when it was the
 * last. A Retry-After from the receiver is honoured when it asks for longer.
 */
export function nextWaitMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  const base = WAITS_MS[attempt - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
