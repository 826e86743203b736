import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, isApiError } from '@oneteamgov/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoData } from '../helpers/demo-data-dir.js';
import { type RunningServer, runCli, startServerProcess } from './spawn-server.js';

/**
 * The organiser's path through real processes: the operator's CLI makes the
 * first admin key, the admin makes a chapter key over HTTP, and the built SDK
 * publishes through the running server (rate limits in Redis when available).
 */
describe('publishing through a running server', () => {
  const root = mkdtempSync(join(tmpdir(), 'otg-writes-'));
  const env: Record<string, string> = {
    DATA_DIR: join(root, 'pglite'),
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
  };
  let server: RunningServer;
  let adminSecret: string;

  beforeAll(async () => {
    await withDemoData(env.DATA_DIR!);
    const created = await runCli(['keys', 'create', '--name', 'Operator', '--admin'], env);
    expect(created.code, created.output).toBe(0);
    adminSecret = JSON.parse(created.output.slice(0, created.output.lastIndexOf('}') + 1)).secret;
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second process on the embedded database while the server holds it', async () => {
    const second = await runCli(['keys', 'create', '--name', 'Late', '--admin'], env);
    expect(second.code).toBe(1);
    expect(second.output).toContain('in use by another process');
  });

  it('publishes with a chapter key, shows it everywhere, and stops the key once revoked', async () => {
    const admin = createClient({ baseUrl: server.baseUrl, apiKey: adminSecret });
    const chapterKey = await admin.POST('/v1/keys', {
      body: { name: 'Wales website', grants: [{ scope: 'events:write', chapterId: 'wales' }] },
    });
    expect(chapterKey.secret).toMatch(/^otg_/);

    const headers: Headers[] = [];
    const wales = createClient({
      baseUrl: server.baseUrl,
      apiKey: chapterKey.secret,
      onResponse: (res) => headers.push(res.headers),
    });
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    const event = await wales.POST('/v1/chapters/{chapterId}/events', {
      params: { path: { chapterId: 'wales' } },
      body: {
        title: { en: 'Published end to end', cy: 'Cyhoeddwyd o un pen i’r llall' },
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        timeZone: 'Europe/London',
        attendanceMode: 'online',
        onlineUrl: 'https://meet.example.org/e2e',
      },
    });
    expect(event).toMatchObject({ chapterId: 'wales', sequence: 0 });
    expect(headers.at(-1)?.get('ratelimit-limit')).toBeTruthy();
    expect(headers.at(-1)?.get('cache-control')).toBe('private, no-store');

    const publicClient = createClient({ baseUrl: server.baseUrl });
    const read = await publicClient.GET('/v1/events/{eventId}', {
      params: { path: { eventId: event.id } },
    });
    expect(read.title.en).toBe('Published end to end');
    const ics = await fetch(`${server.baseUrl}/v1/events/${event.id}/event.ics`);
    expect(await ics.text()).toContain('SUMMARY');

    await admin.DELETE('/v1/keys/{keyId}', { params: { path: { keyId: chapterKey.id } } });
    const refused = await wales
      .PATCH('/v1/events/{eventId}', {
        params: { path: { eventId: event.id } },
        body: { status: 'cancelled' },
      })
      .catch((error: unknown) => error);
    expect(isApiError(refused, 401)).toBe(true);

    const logs = server.logs.join('\n');
    expect(logs).not.toContain(adminSecret);
    expect(logs).not.toContain(chapterKey.secret);
  });
});
