import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import type { Hono } from 'hono';
import type { AppEnv } from '../../lib/context.js';

/**
 * The interactive reference is served entirely by this instance (the Scalar
 * bundle comes from node_modules, fonts are the system's), so /docs works on a
 * machine or network with no internet access.
 */
export const DOCS_ASSET_PATH = '/docs/assets/api-reference.js';

let bundle: Promise<Buffer> | undefined;
function loadBundle(): Promise<Buffer> {
  bundle ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@scalar/api-reference');
    return readFile(join(dirname(entry), 'browser', 'standalone.js'));
  })();
  return bundle;
}

export function mountDocs(app: Hono<AppEnv>, title: string): void {
  app.get(DOCS_ASSET_PATH, async (c) => {
    const body = await loadBundle();
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });
  app.get(
    '/docs',
    Scalar({
      url: '/openapi.json',
      cdn: DOCS_ASSET_PATH,
      pageTitle: title,
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    }),
  );
}
