import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { createChapter, createEvent } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import { createTestApp, TEST_ORIGIN } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/client.js';
import { eventPageUrl } from '../../lib/links.js';
import { hideEvent } from '../../services/moderation/hide-event.js';

const DAY = 86_400_000;

/** The JSON-LD block of a page, parsed. */
function jsonLd(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD block');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

describe.each(testDatabases())('the human page of an event on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let eventId: string;
  let removedId: string;
  let hiddenId: string;
  let startsAt: Date;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const wales = await createChapter(database.db, {
      name: { en: 'One Team Gov Wales', cy: 'Un Tîm Llywodraeth Cymru' },
      languages: ['cy', 'en'],
    });
    startsAt = new Date(Math.floor(Date.now() / DAY) * DAY + 10 * DAY + 17 * 3_600_000);
    eventId = (
      await createEvent(database.db, wales, {
        title: { en: 'Cardiff show and tell', cy: 'Dangos a dweud Caerdydd' },
        description: { en: 'Bring what you are working on.\n\nTea <and> cake.' },
        inLanguage: ['cy', 'en'],
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        timeZone: 'Europe/London',
        attendanceMode: 'hybrid',
        venue: {
          name: 'Tramshed Tech',
          address: 'Pendyris Street',
          locality: 'Cardiff',
          postalCode: null,
          country: 'GB',
          lat: 51.4769,
          lng: -3.1854,
          addressVisibility: 'public',
        },
        onlineUrl: 'https://meet.example.org/otg-cymru',
        registrationUrl: 'https://tickets.example.org/show-and-tell',
        tags: ['show and tell'],
        accessibility: { features: ['stepFreeAccess', 'hearingLoop'], notes: null },
      })
    ).id;
    removedId = (await createEvent(database.db, wales, { deletedAt: new Date() })).id;
    hiddenId = (await createEvent(database.db, wales, { title: { en: 'Spam' } })).id;
    await hideEvent(testCtx(database.db), {
      eventId: hiddenId,
      reason: 'spam',
      canModerate: () => true,
    });
  });
  afterAll(() => database?.close());

  const page = (path: string, init?: RequestInit) => t.app.request(path, init);

  it('is server-rendered HTML with what, when, where, how to join and register', async () => {
    const response = await page(`/events/${eventId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Cardiff show and tell</h1>');
    expect(html).toContain('Tramshed Tech, Pendyris Street, Cardiff; Online');
    expect(html).toContain('href="https://meet.example.org/otg-cymru">Join online</a>');
    expect(html).toContain('href="https://tickets.example.org/show-and-tell">Register</a>');
    expect(html).toContain('Step-free access, hearing loop.');
    // Text is escaped, never markup.
    expect(html).toContain('Tea &lt;and&gt; cake.');
    expect(html).toContain('(Europe/London)');
    // Link previews and search results get a title, the page's URL and a line of text.
    expect(html).toContain('<meta property="og:title" content="Cardiff show and tell">');
    expect(html).toContain(
      `<meta property="og:url" content="${eventPageUrl(TEST_ORIGIN, eventId)}">`,
    );
    expect(html).toContain(
      '<meta name="description" content="Bring what you are working on. Tea &lt;and&gt; cake.">',
    );
  });

  it('embeds JSON-LD whose url is this page', async () => {
    const doc = jsonLd(await (await page(`/events/${eventId}`)).text());
    expect(doc).toMatchObject({
      '@type': 'Event',
      url: eventPageUrl(TEST_ORIGIN, eventId),
      name: 'Cardiff show and tell',
      accessibilityFeature: ['stepFreeAccess', 'hearingLoop'],
      eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode',
    });
  });

  it('offers the event’s .ics and a Google Calendar link', async () => {
    const html = await (await page(`/events/${eventId}?lang=cy`)).text();
    expect(html).toContain(`href="${TEST_ORIGIN}/v1/events/${eventId}/event.ics?lang=cy"`);
    const google = /href="(https:\/\/calendar\.google\.com\/[^"]+)"/.exec(html)?.[1];
    const url = new URL(google!.replace(/&amp;/g, '&'));
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe('Dangos a dweud Caerdydd');
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(url.searchParams.get('dates')).toBe(
      `${stamp(startsAt)}/${stamp(new Date(startsAt.getTime() + 2 * 3_600_000))}`,
    );
    expect(url.searchParams.get('ctz')).toBe('Europe/London');
    // The .ics it links to answers, and its URL points back here.
    const ics = await (await page(`/v1/events/${eventId}/event.ics?lang=cy`)).text();
    expect(ics.replace(/\r\n[ \t]/g, '')).toContain(
      `\r\nURL;VALUE=URI:${eventPageUrl(TEST_ORIGIN, eventId)}\r\n`,
    );
  });

  it('speaks the language asked for with ?lang=', async () => {
    const html = await (await page(`/events/${eventId}?lang=cy`)).text();
    expect(html).toContain('<html lang="cy">');
    expect(html).toContain('<h1>Dangos a dweud Caerdydd</h1>');
    expect(html).toContain('<dt>Pryd</dt>');
    expect(html).toContain('Mynediad heb risiau, dolen sain.');
    // English text kept where there is no Welsh, marked as English.
    expect(html).toContain('<div class="description" lang="en">');
    expect(jsonLd(html).name).toBe('Dangos a dweud Caerdydd');
  });

  it('is served under a strict Content-Security-Policy and may be cached briefly', async () => {
    const response = await page(`/events/${eventId}`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/script-src/);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=60, stale-while-revalidate=60',
    );
  });

  it('answers 404 with a page for an unknown, removed or hidden event', async () => {
    for (const id of ['no-such-event', removedId, hiddenId]) {
      const response = await page(`/events/${id}?lang=cy`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<h1>Heb ddod o hyd i’r digwyddiad</h1>');
      expect(html).not.toContain(id);
      expect(html).not.toContain('Spam');
    }
  });

  it('refuses unknown query parameters, as every route does', async () => {
    const response = await page(`/events/${eventId}?language=cy`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toBe('/query/language');
  });

  it('is compressed for clients that accept it', async () => {
    const response = await page(`/events/${eventId}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });
});
