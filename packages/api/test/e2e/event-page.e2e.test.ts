import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestApp } from '../helpers/test-app.js';

// The API's tsconfig has no DOM library; this global is only used inside the page.
declare const window: { axe: { run: (options: object) => Promise<unknown> } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} does not exist`);
}
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const DAY = 86_400_000;

/*
 * The event page in a real browser: axe-core finds no serious or critical
 * WCAG 2.2 AA problem in English, Welsh or the 404 page, and the page's own
 * Content-Security-Policy blocks nothing it needs. The app runs in-process on
 * an embedded database behind a loopback HTTP server.
 */
describe.skipIf(!hasChromium)('event page in headless Chromium', { timeout: 120_000 }, () => {
  const [pglite] = testDatabases();
  let database: Database;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Browser;
  let eventId: string;

  beforeAll(async () => {
    database = await pglite!.open();
    const chapter = await createChapter(database.db, {
      name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
      languages: ['cy', 'en'],
    });
    const startsAt = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * DAY + 17 * 3_600_000);
    eventId = (
      await createEvent(database.db, chapter, {
        title: { en: 'Cardiff show and tell', cy: 'Dangos a dweud Caerdydd' },
        description: {
          en: 'Bring what you are working on.\n\nTea and cake from six; talks at half past.',
        },
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        attendanceMode: 'hybrid',
        venue: {
          name: 'Tramshed Tech',
          address: 'Pendyris Street',
          locality: 'Cardiff',
          postalCode: 'CF11 6BH',
          country: 'GB',
          lat: 51.4769,
          lng: -3.1854,
          addressVisibility: 'public',
        },
        onlineUrl: 'https://meet.example.org/otg-cymru',
        registrationUrl: 'https://tickets.example.org/show-and-tell',
        tags: ['show and tell', 'cymru'],
        accessibility: {
          features: ['stepFreeAccess', 'hearingLoop', 'quietRoom'],
          notes: { en: 'Lift from the car park entrance.' },
        },
      })
    ).id;
    const { app } = createTestApp(database);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await database?.close();
  });

  async function seriousViolations(page: Page) {
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(() =>
      window.axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }),
    )) as { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  it.each([
    ['English', () => `/events/${eventId}`],
    ['Welsh', () => `/events/${eventId}?lang=cy`],
    ['not found', () => '/events/no-such-event?lang=sv'],
  ])('has no serious or critical accessibility violations: %s (axe-core)', async (_name, path) => {
    // bypassCSP only so axe can be injected; the page itself runs no script.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}${path()}`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('renders under its own Content-Security-Policy without a violation', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    const response = await page.goto(`${base}/events/${eventId}?lang=cy`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Dangos a dweud Caerdydd');
    // The stylesheet applied (allowed by its hash): the text column is 40rem plus its padding, not the window.
    const box = await page.locator('main').boundingBox();
    expect(box?.width).toBe(672);
    expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS) {
      await mkdir('/tmp/event-page', { recursive: true });
      await writeFile('/tmp/event-page/cy.png', await page.screenshot({ fullPage: true }));
    }
    await context.close();
  });
});
