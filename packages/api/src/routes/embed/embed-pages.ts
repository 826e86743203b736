import { createHash } from 'node:crypto';
import { html } from 'hono/html';
import type { EmbedBuild } from './embed-assets.js';
import type { EmbedQuery } from './embed-query.js';

const IFRAME_CSS =
  'html{color-scheme:light}body{margin:0;display:flow-root;font:16px/1.5 system-ui,sans-serif}main{padding:2px}';

const BUILDER_CSS = `
body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.8rem}h2{font-size:1.3rem;margin-top:2rem}
form{display:grid;gap:1rem;max-width:36rem}
fieldset{border:1px solid #b1b4b6;padding:.5rem 1rem}
label{display:block}select,input[type=number]{font:inherit;padding:.25rem}
.chapters{columns:2}
textarea{width:100%;font:14px/1.4 ui-monospace,monospace;box-sizing:border-box}
button{font:inherit;padding:.25rem .75rem}
#preview{border:1px dashed #505a5f;padding:1rem}
code{overflow-wrap:anywhere}
:focus-visible{outline:3px solid #fd0;box-shadow:0 0 0 5px #0b0c0c}
`;

/** CSP hash of an inline stylesheet, so pages need neither 'unsafe-inline' nor a nonce. */
const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/**
 * The hub's own embed pages load scripts and data from the hub only. The iframe
 * page may be framed by any site (that is its purpose); the builder by none.
 */
export const iframePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src ${styleHash(IFRAME_CSS)}`,
  "base-uri 'none'",
  "form-action 'none'",
  // Replaces X-Frame-Options, which browsers ignore when frame-ancestors is present.
  'frame-ancestors *',
].join('; ');

export const builderPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src ${styleHash(BUILDER_CSS)}`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The same view as the element, as a page of its own for CMSs that strip scripts. */
export function iframePage(query: EmbedQuery, instanceName: string) {
  return html`<!doctype html>
<html lang="${query.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${instanceName}: events</title>
<style>${IFRAME_CSS}</style>
<script type="module" src="/embed/otg-events.js"></script>
<script type="module" src="/embed/frame.js"></script>
</head>
<body>
<main>
<otg-events chapter="${query.chapter?.join(' ') ?? ''}" lang="${query.lang ?? 'en'}" layout="${query.layout ?? 'list'}" limit="${query.limit ?? 10}"${query['include-past'] !== undefined ? html` include-past` : ''} link-target="_top" heading-level="2"></otg-events>
</main>
</body>
</html>`;
}

const LANGUAGES: [string, string][] = [
  ['', 'The language of the page it is on'],
  ['en', 'English'],
  ['cy', 'Cymraeg (Welsh)'],
  ['fr', 'Français (French)'],
  ['sv', 'Svenska (Swedish)'],
  ['nb', 'Norsk bokmål (Norwegian)'],
];

/** Pick chapters, language and layout; see a live preview; copy either snippet. */
export function builderPage(build: EmbedBuild, instanceName: string) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Show events on your website: ${instanceName}</title>
<style>${BUILDER_CSS}</style>
<script type="module" src="/embed/otg-events.js"></script>
<script type="module" src="/embed/builder.js"></script>
</head>
<body data-release="${build.release}" data-integrity="${build.manifest.integrity}">
<main>
<h1>Show One Team Gov events on your website</h1>
<p>Choose what to show, check the preview, then copy a snippet into your site.
The events stay up to date by themselves: nobody copies an event by hand again.</p>
<form id="options">
<fieldset>
<legend>Chapters (none ticked: every chapter)</legend>
<div id="chapters" class="chapters"><p role="status">Loading chapters…</p></div>
</fieldset>
<div><label for="lang">Language of dates and wording</label>
<select id="lang" name="lang">${LANGUAGES.map(([value, name]) => html`<option value="${value}">${name}</option>`)}</select></div>
<fieldset>
<legend>Layout</legend>
<label><input type="radio" name="layout" value="list" checked> List with details and links</label>
<label><input type="radio" name="layout" value="compact"> Compact: one line per event</label>
<label><input type="radio" name="layout" value="month"> Grouped by month</label>
</fieldset>
<div><label for="limit">How many events (1–100)</label>
<input id="limit" name="limit" type="number" min="1" max="100" value="10"></div>
<div><label><input type="checkbox" id="include-past" name="include-past"> Include events of the past year</label></div>
<div><label><input type="checkbox" id="pin" name="pin"> Pin this exact version with a Subresource Integrity hash</label>
<p id="pin-help">A pinned snippet never changes under you, but stops working when this hub is upgraded: you then copy a new one.</p></div>
</form>
<h2>Preview</h2>
<div id="preview"><otg-events limit="10"></otg-events></div>
<h2 id="script-heading">Snippet for pages that allow scripts</h2>
<p>Paste it where the events should appear (WordPress: a Custom HTML block; Squarespace: a Code block).</p>
<textarea id="script-snippet" readonly rows="4" aria-labelledby="script-heading"></textarea>
<button type="button" data-copy="script-snippet">Copy the script snippet</button>
<h2 id="iframe-heading">Snippet for sites that strip scripts</h2>
<p>An iframe; the second line makes it as tall as its events. Without that line it keeps the height set in its style.</p>
<textarea id="iframe-snippet" readonly rows="4" aria-labelledby="iframe-heading"></textarea>
<button type="button" data-copy="iframe-snippet">Copy the iframe snippet</button>
<p id="copied" role="status"></p>
<h2>This release</h2>
<p>Version <code>${build.release}</code>, script integrity <code>${build.manifest.integrity}</code>.</p>
</main>
</body>
</html>`;
}
