import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Context, Hono } from 'hono';
import { CACHING, cacheControl } from '../../lib/cache.js';
import { compressBytes, type Encoding, preferredEncoding } from '../../lib/compress.js';
import type { AppEnv } from '../../lib/context.js';

/**
 * The interactive reference is served entirely by this instance (the Scalar
 * bundle comes from node_modules, fonts are the system's), so /docs works on a
 * machine or network with no internet access, under a policy that lets the page
 * reach nothing else.
 */
export const DOCS_ASSET_PREFIX = '/docs/assets/';

/**
 * Scalar's options: no hosted services (the AI agent would send the document to
 * a third party; MCP generation and the developer toolbar's Deploy, Share and
 * Configure point at Scalar's cloud), no telemetry, no web fonts.
 */
export const SCALAR_CONFIGURATION = {
  url: '/openapi.json',
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
};

/** The page starts the reference from a file, not an inline script, so the policy needs no exception. */
const START_SCRIPT = `Scalar.createApiReference('#app', JSON.parse(document.getElementById('app').dataset.configuration));\n`;

export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Scalar sets element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A small SVG favicon: the initials in white on dark blue. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1d3557"/><text x="32" y="41" font-family="system-ui,sans-serif" font-size="22" font-weight="700" text-anchor="middle" fill="#fff">OTG</text></svg>`;

interface Asset {
  name: string;
  type: string;
  etag: string;
  identity: Uint8Array;
  encoded: Partial<Record<Encoding, Promise<Uint8Array>>>;
}

function asset(name: string, type: string, bytes: Uint8Array): Asset {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
  return {
    name: name.replace('{hash}', hash),
    type,
    etag: `"${hash}"`,
    identity: bytes,
    encoded: {},
  };
}

let assets: Promise<Asset[]> | undefined;
function loadAssets(): Promise<Asset[]> {
  assets ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@scalar/api-reference');
    const bundle = await readFile(join(dirname(entry), 'browser', 'standalone.js'));
    const text = 'text/javascript; charset=utf-8';
    return [
      asset('api-reference.{hash}.js', text, new Uint8Array(bundle)),
      asset('start.{hash}.js', text, new TextEncoder().encode(START_SCRIPT)),
    ];
  })();
  return assets;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(title: string, scripts: string[]): string {
  const configuration = escapeHtml(JSON.stringify(SCALAR_CONFIGURATION));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  </head>
  <body>
    <div id="app" data-configuration="${configuration}"></div>
${scripts.map((src) => `    <script src="${src}"></script>`).join('\n')}
  </body>
</html>
`;
}

/**
 * An asset's name carries its content hash, so it is cached for a year and
 * never revalidated; its br and gzip forms are made once and kept.
 */
async function serveAsset(c: Context<AppEnv>, found: Asset): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': found.type,
    'Cache-Control': cacheControl(CACHING.immutable),
    ETag: found.etag,
    Vary: 'Accept-Encoding',
  };
  if (c.req.header('If-None-Match')?.includes(found.etag)) {
    return c.body(null, 304, headers);
  }
  const encoding = preferredEncoding(c.req.header('Accept-Encoding'));
  if (!encoding) return c.body(found.identity as Uint8Array<ArrayBuffer>, 200, headers);
  found.encoded[encoding] ??= compressBytes(found.identity, encoding, 9);
  const body = await found.encoded[encoding];
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    'Content-Encoding': encoding,
    ETag: `W/${found.etag}`,
  });
}

export function mountDocs(app: Hono<AppEnv>, title: string): void {
  app.get(`${DOCS_ASSET_PREFIX}:file`, async (c) => {
    const found = (await loadAssets()).find((a) => a.name === c.req.param('file'));
    if (!found) return c.notFound();
    return serveAsset(c, found);
  });
  app.get('/docs', async (c) => {
    const scripts = (await loadAssets()).map((a) => `${DOCS_ASSET_PREFIX}${a.name}`);
    c.header('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
    c.header('Cache-Control', cacheControl(CACHING.revalidate));
    return c.html(page(title, scripts));
  });
  app.get('/favicon.svg', (c) =>
    c.body(FAVICON, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': cacheControl(CACHING.reference),
    }),
  );
}
