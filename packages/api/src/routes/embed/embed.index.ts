import type { Context } from 'hono';
import { etag } from 'hono/etag';
import { CACHING, cacheControl } from '../../lib/cache.js';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/create-router.js';
import { ApiError } from '../../lib/problem.js';
import { type EmbedFile, embedBuild } from './embed-assets.js';
import { builderPage, builderPolicy, iframePage, iframePolicy } from './embed-pages.js';
import { parseEmbedQuery } from './embed-query.js';

const JS = 'text/javascript; charset=utf-8';
/** Unversioned URLs pick up a new release within five minutes. */
const SHORT = cacheControl(CACHING.directory);
const IMMUTABLE = cacheControl(CACHING.immutable);

/**
 * Drop-in events for chapter websites: the `<otg-events>` script (also at an
 * immutable, versioned URL for Subresource Integrity), the iframe page for CMSs
 * that strip scripts, and the snippet builder. HTML and JavaScript for browsers,
 * so they are not operations of the JSON API's OpenAPI document (like /docs).
 */
export function embedRouter() {
  const router = createRouter();
  router.use('/embed', etag());
  router.use('/embed/*', etag());

  const script = (file: EmbedFile, cache: string) => async (c: Context<AppEnv>) => {
    const build = await embedBuild();
    return c.body(build.files[file], 200, { 'Content-Type': JS, 'Cache-Control': cache });
  };
  router.get('/embed/otg-events.js', script('otg-events.js', SHORT));
  router.get('/embed/frame.js', script('frame.js', SHORT));
  router.get('/embed/resize.js', script('resize.js', SHORT));
  router.get('/embed/builder.js', script('builder.js', SHORT));
  router.get('/embed/:release/otg-events.js', async (c) => {
    const build = await embedBuild();
    if (c.req.param('release') !== build.release) {
      throw new ApiError(
        'not_found',
        `This hub serves release ${build.release} of the embed; use /embed/${build.release}/otg-events.js or /embed/otg-events.js`,
      );
    }
    return c.body(build.files['otg-events.js'], 200, {
      'Content-Type': JS,
      'Cache-Control': IMMUTABLE,
    });
  });

  router.get('/embed/events', (c) => {
    const query = parseEmbedQuery(c.req.url);
    c.header('Content-Security-Policy', iframePolicy);
    c.header('Cache-Control', SHORT);
    return c.html(iframePage(query, c.get('deps').instanceName));
  });
  router.get('/embed', async (c) => {
    parseEmbedQuery(c.req.url);
    const build = await embedBuild();
    c.header('Content-Security-Policy', builderPolicy);
    c.header('Cache-Control', SHORT);
    return c.html(builderPage(build, c.get('deps').instanceName));
  });
  return router;
}
