import { existsSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without type declarations
import { createExampleServer } from '../../../../docs/examples/chapter-site/serve.mjs';
import { type RunningServer, startServerProcess } from './spawn-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.REQUIRE_BROWSER) {
  throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} does not exist`);
}

describe.skipIf(!hasChromium)('in headless Chromium', () => {
  let server: RunningServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerProcess();
    site = createExampleServer() as Server;
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
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
    await new Promise((resolve) => site?.close(resolve));
    await server?.stop();
  });

  it('the example chapter page renders upcoming events through the built SDK', async () => {
    const page = await browser.newPage();
    await page.goto(
      `${siteUrl}/sdk.html?api=${encodeURIComponent(server.baseUrl)}&chapter=wales&lang=cy`,
    );
    await page.waitForSelector('li.event', { timeout: 30_000 });
    expect(await page.textContent('#chapter-name')).toBe('Un Tîm Llywodraeth Cymru');
    const titles = await page.locator('li.event .title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.some((t) => t.includes('Caerdydd') || t.includes('Paned'))).toBe(true);
    expect(await page.textContent('#state')).toMatch(/upcoming event/);
  });

  it('the example page reports a problem for an unknown chapter', async () => {
    const page = await browser.newPage();
    await page.goto(
      `${siteUrl}/sdk.html?api=${encodeURIComponent(server.baseUrl)}&chapter=atlantis`,
    );
    await expect.poll(() => page.textContent('#state'), { timeout: 30_000 }).toMatch(/404/);
  });

  it('/docs renders the interactive reference with no internet access', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl)) external.push(request.url());
    });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${server.baseUrl}/docs`);
    await page.getByText('List events across chapters').first().waitFor({ timeout: 60_000 });
    expect(await page.getByText('One Team Gov Hub API').count()).toBeGreaterThan(0);
    expect(external.filter((u) => !u.startsWith('data:'))).toEqual([]);
    // Nothing the policy had to block, and none of Scalar's hosted-service controls.
    expect(refused).toEqual([]);
    for (const label of ['Ask AI', 'Generate MCP', 'Deploy', 'Share', 'Configure']) {
      expect(await page.getByText(label, { exact: true }).count(), label).toBe(0);
    }
  });
});
