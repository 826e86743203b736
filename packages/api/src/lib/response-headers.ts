import type { Context } from 'hono';

/**
 * Sets a header on the answer a route (or an inner middleware) already made.
 * Hono's `c.header()` makes a new Response for that once the answer exists,
 * which on @hono/node-server turns the bytes the route gave into a stream that
 * is read back chunk by chunk; changing the answer's own headers keeps it as it
 * is. Answers whose headers cannot change (`Response.redirect`, a `fetch`
 * result) still go through `c.header()`, as does a request with no answer yet.
 */
export function setResponseHeader(
  c: Context,
  name: string,
  value: string,
  options?: { append?: boolean },
): void {
  if (!c.finalized) {
    c.header(name, value, options);
    return;
  }
  try {
    if (options?.append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    c.header(name, value, options);
  }
}
