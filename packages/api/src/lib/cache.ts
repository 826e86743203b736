/**
 * How long a response may be kept, declared on each route (see auth/route-policy.ts)
 * and rendered here, so every `Cache-Control` the hub sends comes from one place.
 *
 * Public reads may be cached by browsers and shared caches for a short time and
 * revalidated with If-None-Match; anything authenticated must never be stored.
 */
export type Caching =
  | { kind: 'public'; maxAgeSeconds: number; immutable?: true }
  | { kind: 'private' }
  | { kind: 'revalidate' }
  | { kind: 'none' };

const publicFor = (maxAgeSeconds: number): Caching => ({ kind: 'public', maxAgeSeconds });

/** The hub's caching policies, by what the response holds. */
export const CACHING = {
  /** The One Team Gov principles: change perhaps once a year. */
  reference: publicFor(86_400),
  /** Chapters, calendars, the API description: change a few times a day. */
  directory: publicFor(300),
  /** Events, series and membership figures: organisers expect edits to show within a minute. */
  listing: publicFor(60),
  /** Sources' sync status: operators watch it while a sync runs. */
  status: publicFor(30),
  /** The change feed: followers poll it; a short window still absorbs bursts. */
  feed: publicFor(5),
  /** Content-addressed assets (their URL changes when they do). */
  immutable: { kind: 'public', maxAgeSeconds: 31_536_000, immutable: true },
  /** Pages that name versioned assets: stored, but checked with the server before each use. */
  revalidate: { kind: 'revalidate' },
  /** Anything for one caller only: authenticated answers, writes. */
  private: { kind: 'private' },
  /** Probes and scrapes: always fresh, never stored. */
  none: { kind: 'none' },
} as const satisfies Record<string, Caching>;

export function cacheControl(caching: Caching): string {
  switch (caching.kind) {
    case 'public':
      return caching.immutable
        ? `public, max-age=${caching.maxAgeSeconds}, immutable`
        : `public, max-age=${caching.maxAgeSeconds}, stale-while-revalidate=${caching.maxAgeSeconds}`;
    case 'private':
      return 'private, no-store';
    case 'revalidate':
      return 'no-cache';
    case 'none':
      return 'no-store';
  }
}
