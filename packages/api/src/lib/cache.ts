import type { Context } from 'hono';

/**
 * Public reads may be cached by browsers and shared caches for a short time and
 * revalidated with If-None-Match; anything authenticated must never be stored.
 */
export function cachePublic(c: Context, maxAgeSeconds: number): void {
  c.header(
    'Cache-Control',
    `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`,
  );
}

export function cachePrivate(c: Context): void {
  c.header('Cache-Control', 'private, no-store');
}
