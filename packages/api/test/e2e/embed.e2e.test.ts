import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient, type Event } from '@oneteamgov/sdk';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without type declarations
import { createExampleServer } from '../../../../docs/examples/chapter-site/serve.mjs';
import { type RunningServer, startServerProcess } from './spawn-server.js';

// The API's tsconfig has no DOM library; these globals are only used inside the page.
declare const window: { axe: { run: (options: object) => Promise<unknown> } };
declare const localStorage: { length: number };
declare const sessionStorage: { length: number };
declare const getComputedStyle: (
  element: unknown,
) => Record<
  | 'fontWeight'
  | 'textDecorationLine'
  | 'borderLeftWidth'
  | 'backgroundColor'
  | 'borderLeftColor'
  | 'color',
  string
>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} does not exist`);
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
/** Screenshots for docs/guides/chapter-websites.md are rewritten with UPDATE_SCREENSHOTS=1. */
const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/guides/images/', import.meta.url));
const EVENT = 'otg-events li[part~="event"]';

const WELSH_MONTHS =
  /Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr/;
const WEEKDAYS: Record<string, RegExp> = {
  cy: /^Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul), /,
  fr: /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) /,
  sv: /^(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag) /,
};

/** A chapter's own website on another origin; each test gives it the page it needs. */
function hostSite() {
  const pages = new Map<string, { html: string; headers?: Record<string, string> }>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers })
      .end(page.html);
  });
  return { server, pages };
}

const elementPage = (hub: string, attributes: string, lang = 'en') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Chapter events</title>
<script type="module" src="${hub}/embed/otg-events.js"></script></head>
<body><main><h1>Events</h1><otg-events ${attributes}></otg-events></main></body></html>`;

// Browser steps wait on readiness; generous limits keep a busy CI machine green.
describe.skipIf(!hasChromium)('<otg-events> in headless Chromium', { timeout: 120_000 }, () => {
  let hub: RunningServer;
  let site: ReturnType<typeof hostSite>;
  let siteUrl: string;
  let example: Server;
  let exampleUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startServerProcess();
    site = hostSite();
    example = createExampleServer({ hub: hub.baseUrl }) as Server;
    await Promise.all(
      [site.server, example].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))),
    );
    // `localhost` rather than 127.0.0.1: another host as well as another port.
    siteUrl = `http://localhost:${(site.server.address() as AddressInfo).port}`;
    exampleUrl = `http://localhost:${(example.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(
      [site?.server, example].map((s) => new Promise((r) => (s ? s.close(r) : r(null)))),
    );
    await hub?.stop();
  });

  const upcoming = async (chapters: string[], limit = 10): Promise<Event[]> =>
    (
      await createClient({ baseUrl: hub.baseUrl }).GET('/v1/events', {
        params: { query: { chapter: chapters, limit } },
      })
    ).data;

  /** A fresh browser context (no shared cookies or storage) on a page of the chapter site. */
  async function open(
    path: string,
    html: string,
    headers?: Record<string, string>,
    options: { timezoneId?: string; bypassCSP?: boolean } = {},
  ): Promise<{ page: Page; context: BrowserContext; requests: string[]; console: string[] }> {
    site.pages.set(path, { html, ...(headers ? { headers } : {}) });
    const context = await browser.newContext({
      timezoneId: options.timezoneId ?? 'Europe/London',
      bypassCSP: options.bypassCSP ?? false,
      viewport: { width: 900, height: 900 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => console.push(message.text()));
    await page.goto(`${siteUrl}${path}`);
    return { page, context, requests, console };
  }

  async function screenshot(page: Page, name: string, selector = 'body') {
    const image = await page.locator(selector).first().screenshot();
    expect(image.length).toBeGreaterThan(1000);
    if (process.env.UPDATE_SCREENSHOTS) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await writeFile(`${SCREENSHOTS}${name}.png`, image);
    }
  }

  async function seriousViolations(page: Page) {
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = await page.evaluate(async () => {
      return (await window.axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      })) as { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  it.each(['cy', 'fr', 'sv'])(
    'renders a chapter’s events on another origin with %s dates in the event’s time zone',
    async (lang) => {
      const expected = await upcoming(['wales'], 5);
      expect(expected.length).toBeGreaterThan(0);
      const { page, context, requests } = await open(
        `/${lang}.html`,
        elementPage(hub.baseUrl, `chapter="wales" lang="${lang}" limit="5"`, lang),
      );
      await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
      expect(await page.locator(EVENT).count()).toBe(expected.length);

      const first = expected[0]!;
      const date = (await page.locator(`${EVENT} time`).first().textContent()) ?? '';
      expect(date).toMatch(WEEKDAYS[lang]!);
      if (lang === 'cy') expect(date).toMatch(WELSH_MONTHS);
      // The event's own local day (not the reader's, not UTC's), whatever the language.
      const [day, month, year] = await page.evaluate(
        ([at, zone]) =>
          new Intl.DateTimeFormat('en-GB', {
            day: 'numeric',
            month: 'numeric',
            year: 'numeric',
            timeZone: zone,
          })
            .format(new Date(at!))
            .split('/')
            .map(Number),
        [first.startsAt, first.timeZone],
      );
      expect(date).toMatch(new RegExp(`\\b${day}\\.? .*${year}`));
      if (lang === 'cy')
        expect(date).toContain(` ${WELSH_MONTHS.source.split('|')[month! - 1]} ${year}`);
      expect(await page.locator(`${EVENT} time`).first().getAttribute('datetime')).toBe(
        first.startsAt,
      );
      // Welsh titles where the event has them, the chapter's English otherwise.
      const title = first.title[lang] ?? first.title.en ?? Object.values(first.title)[0]!;
      expect(await page.locator(`${EVENT} [part~="title"]`).first().textContent()).toContain(title);

      // A good citizen: only the hub was asked, nothing was stored.
      const foreign = requests.filter((u) => !u.startsWith(siteUrl) && !u.startsWith(hub.baseUrl));
      expect(foreign).toEqual([]);
      expect(requests.some((u) => u.startsWith(`${hub.baseUrl}/v1/events?`))).toBe(true);
      expect(await context.cookies()).toEqual([]);
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      if (lang === 'cy') await screenshot(page, 'embed-list-cy', 'otg-events');
      await context.close();
    },
  );

  it('names the event’s zone and gives the reader’s own time when their clock differs', async () => {
    const [first] = await upcoming(['wales'], 1);
    const { page, context } = await open(
      '/stockholm.html',
      elementPage(hub.baseUrl, 'chapter="wales" lang="en-GB" limit="1"'),
      undefined,
      { timezoneId: 'Europe/Stockholm' },
    );
    const item = page.locator(EVENT).first();
    await item.waitFor({ timeout: 60_000 });
    expect(await item.locator('time').textContent()).toMatch(/GMT|BST|UTC/);
    const reader = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat('en-GB', {
          hour: 'numeric',
          minute: '2-digit',
          timeZone: 'Europe/Stockholm',
        }).format(new Date(at)),
      first!.startsAt,
    );
    await expect.poll(() => item.textContent()).toContain(`Your time: `);
    expect(await item.textContent()).toContain(reader);
    await context.close();
  });

  it('shows cancelled and online events as such', async () => {
    // The demo data has a cancelled UK event, online Welsh ones and a Swedish one moved online.
    const events = await upcoming(['uk', 'wales', 'sweden'], 100);
    const cancelled = events.find((e) => e.status === 'cancelled');
    const online = events.find((e) => e.attendanceMode === 'online' && e.status === 'scheduled');
    const moved = events.find((e) => e.status === 'movedOnline');
    expect(cancelled && online && moved).toBeTruthy();
    const { page, context } = await open(
      '/statuses.html',
      elementPage(hub.baseUrl, 'chapter="uk wales sweden" lang="en" limit="100"'),
    );
    await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
    const item = (e: Event) =>
      page.locator(EVENT, { has: page.locator(`time[datetime="${e.startsAt}"]`) }).filter({
        hasText: e.title.en ?? Object.values(e.title)[0]!,
      });

    const gone = item(cancelled!);
    expect(await gone.locator('[part~="badge"]').textContent()).toBe('Cancelled');
    expect(
      await gone
        .locator('[part~="title"]')
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('line-through');
    expect(await gone.locator('a[part~="register"], a[part~="ics"]').count()).toBe(0);

    const remote = item(online!);
    expect(await remote.locator('[part~="place"]').textContent()).toBe('Online');
    expect(await remote.locator('[part~="badge"]').count()).toBe(0);
    expect(await remote.locator('a[part~="join"]').getAttribute('href')).toBe(online!.onlineUrl);
    expect(await remote.locator('a[part~="ics"]').getAttribute('href')).toBe(
      `${hub.baseUrl}/v1/events/${online!.id}/event.ics`,
    );
    const google = new URL((await remote.locator('a[part~="google"]').getAttribute('href'))!);
    expect(google.hostname).toBe('calendar.google.com');
    expect(google.searchParams.get('ctz')).toBe(online!.timeZone);

    const movedItem = item(moved!);
    expect(await movedItem.locator('[part~="badge"]').textContent()).toBe('Moved online');
    expect(await movedItem.locator('[part~="place"]').textContent()).toBe('Online');
    await screenshot(page, 'embed-statuses', `${EVENT} >> nth=0`);
    await context.close();
  });

  it('says when there is nothing to show, and when the hub cannot be reached, with a retry', async () => {
    const empty = await open(
      '/empty.html',
      elementPage(hub.baseUrl, 'chapter="atlantis" lang="fr"', 'fr'),
    );
    const state = empty.page.locator('otg-events [part~="state"]');
    await expect
      .poll(() => state.textContent(), { timeout: 60_000 })
      .toBe('Aucun événement à venir.');
    expect(await state.getAttribute('role')).toBe('status');
    await empty.context.close();

    // A hub that is not there: the base points at a port nothing listens on.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadHub = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    const down = await open(
      '/down.html',
      elementPage(hub.baseUrl, `chapter="wales" lang="cy" base="${deadHub}"`, 'cy'),
    );
    const alert = down.page.locator('otg-events [role="alert"]');
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toContain("Methu llwytho'r digwyddiadau.");
    // The retry button is reachable from the keyboard and tries again.
    await down.page.keyboard.press('Tab');
    expect(await down.page.locator('otg-events button:focus').textContent()).toBe(
      'Rhowch gynnig arall arni',
    );
    const requests = down.requests.length;
    await down.page.keyboard.press('Enter');
    await expect.poll(() => down.requests.length, { timeout: 60_000 }).toBeGreaterThan(requests);
    await down.context.close();
  });

  it('works on a page whose Content-Security-Policy allows only the hub for scripts and data', async () => {
    const policy = `default-src 'none'; script-src ${hub.baseUrl}; connect-src ${hub.baseUrl}`;
    const { page, context, console } = await open(
      '/strict.html',
      elementPage(hub.baseUrl, 'chapter="wales" lang="cy" layout="compact"', 'cy'),
      { 'Content-Security-Policy': policy },
    );
    await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
    // The shadow styles applied too (a plain div is not bold).
    expect(
      await page
        .locator(`${EVENT} [part~="title"]`)
        .first()
        .evaluate((el) => getComputedStyle(el).fontWeight),
    ).toBe('700');
    expect(console.filter((m) => /Content.Security.Policy/i.test(m))).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations in any layout (axe-core)', async () => {
    for (const layout of ['list', 'compact', 'month']) {
      const { page, context } = await open(
        `/axe-${layout}.html`,
        elementPage(
          hub.baseUrl,
          `chapter="wales uk sweden" lang="cy" layout="${layout}" limit="12"`,
          'cy',
        ),
      );
      await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
      expect(await seriousViolations(page), layout).toEqual([]);
      if (layout === 'month') await screenshot(page, 'embed-month-cy', 'otg-events');
      await context.close();
    }
  });

  it('keeps the host page’s styles out and its own in, except through custom properties and parts', async () => {
    const html = elementPage(hub.baseUrl, 'chapter="wales" lang="en" limit="2"')
      .replace(
        '</head>',
        `<style>li{background:rgb(255,0,0)!important}a{color:rgb(0,255,0)}
otg-events{--otg-accent:rgb(1,2,3)}otg-events::part(title){color:rgb(4,5,6)}</style></head>`,
      )
      .replace('</main>', '<ol><li id="host-li">host</li></ol></main>');
    const { page, context } = await open('/styles.html', html);
    const item = page.locator(EVENT).first();
    await item.waitFor({ timeout: 60_000 });
    const seen = await item.evaluate((el) => {
      const style = getComputedStyle(el);
      const title = el.querySelector('[part~="title"]')!;
      return {
        background: style.backgroundColor,
        accent: style.borderLeftColor,
        title: getComputedStyle(title).color,
        link: getComputedStyle(el.querySelector('a')!).color,
      };
    });
    expect(seen).toEqual({
      background: 'rgb(255, 255, 255)',
      accent: 'rgb(1, 2, 3)',
      title: 'rgb(4, 5, 6)',
      link: 'rgb(1, 2, 3)',
    });
    // The element's own rules do not reach the host page's lists.
    expect(
      await page.locator('#host-li').evaluate((el) => getComputedStyle(el).borderLeftWidth),
    ).toBe('0px');
    await context.close();
  });

  it('the iframe page fits its host through the two-line snippet', async () => {
    const frameSrc = `${hub.baseUrl}/embed/events?chapter=wales,uk&lang=cy&limit=8`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Iframe host</title></head>
<body><main><h1>Events</h1>
<iframe src="${frameSrc}" title="One Team Gov events" loading="lazy" style="width:100%;height:40rem;border:0"></iframe>
<script src="${hub.baseUrl}/embed/resize.js" async></script>
<p id="after">After the events</p></main></body></html>`;
    const { page, context } = await open('/iframe.html', html);
    const frame = page.frameLocator('iframe');
    await frame.locator(EVENT).first().waitFor({ timeout: 60_000 });
    const inner = () =>
      frame.locator('body').evaluate((body) => Math.ceil(body.getBoundingClientRect().height));
    const outer = async () => (await page.locator('iframe').boundingBox())!.height;
    await expect
      .poll(async () => Math.abs((await outer()) - (await inner())), { timeout: 15_000 })
      .toBeLessThanOrEqual(1);
    // Eight events are far taller than the snippet's starting 40rem (640px).
    expect(await outer()).toBeGreaterThan(640);
    // Links leave the iframe for the whole window.
    expect(await frame.locator('a[part~="ics"]').first().getAttribute('target')).toBe('_top');

    // It follows the content: fewer events, shorter frame.
    await frame.locator('otg-events').evaluate((el) => el.setAttribute('limit', '1'));
    await expect.poll(async () => (await outer()) < 640, { timeout: 15_000 }).toBe(true);
    await expect
      .poll(async () => Math.abs((await outer()) - (await inner())), { timeout: 15_000 })
      .toBeLessThanOrEqual(1);
    await context.close();
  });

  it('the iframe page itself is accessible', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${hub.baseUrl}/embed/events?chapter=wales&lang=cy&layout=month`);
    await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('the builder previews the choices and writes both snippets, which work when pasted', async () => {
    // bypassCSP only so axe can be injected; the builder's own scripts run under its policy.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${hub.baseUrl}/embed`);
    await page
      .getByLabel(/Un Tîm Llywodraeth Cymru|wales/i)
      .first()
      .check({ timeout: 60_000 });
    await page.getByLabel('Language of dates and wording').selectOption('cy');
    await page.getByLabel(/Compact/).check();
    const preview = page.locator('#preview otg-events');
    await expect.poll(() => preview.getAttribute('chapter')).toBe('wales');
    await page.locator(`#preview ${EVENT}`).first().waitFor({ timeout: 60_000 });

    const scriptSnippet = await page.locator('#script-snippet').inputValue();
    expect(scriptSnippet).toBe(
      `<script type="module" src="${hub.baseUrl}/embed/otg-events.js"></script>\n<otg-events chapter="wales" lang="cy" layout="compact"></otg-events>`,
    );
    const iframeSnippet = await page.locator('#iframe-snippet').inputValue();
    expect(iframeSnippet).toContain(
      `src="${hub.baseUrl}/embed/events?chapter=wales&amp;lang=cy&amp;layout=compact"`,
    );
    expect(iframeSnippet).toContain(`<script src="${hub.baseUrl}/embed/resize.js" async></script>`);

    await page.getByLabel(/Pin this exact version/).check();
    const pinned = await page.locator('#script-snippet').inputValue();
    const release = await page.locator('body').getAttribute('data-release');
    const integrity = await page.locator('body').getAttribute('data-integrity');
    expect(pinned).toContain(
      `src="${hub.baseUrl}/embed/${release}/otg-events.js" integrity="${integrity}" crossorigin="anonymous"`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-builder');
    await context.close();

    // Pasted into a chapter page, the pinned snippet passes its integrity check and renders.
    const pasted = await open(
      '/pasted.html',
      `<!doctype html><html lang="cy"><head><meta charset="utf-8"><title>Pasted</title></head><body><main>${pinned}</main></body></html>`,
    );
    await pasted.page.locator(EVENT).first().waitFor({ timeout: 60_000 });
    await pasted.context.close();
  });

  it('the example chapter site a chapter copies renders its events through the embed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${exampleUrl}/`);
    await page.locator(EVENT).first().waitFor({ timeout: 60_000 });
    expect(await page.locator(EVENT).count()).toBeGreaterThan(0);
    await screenshot(page, 'example-chapter-site');
    await page.goto(`${exampleUrl}/iframe.html`);
    await page.frameLocator('iframe').locator(EVENT).first().waitFor({ timeout: 60_000 });
    await context.close();
  });
});
