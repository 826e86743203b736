import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { preferredEncoding } from '../../src/lib/compress.js';
import { testDatabases } from '../helpers/databases.js';
import { createChapter, createEvent } from '../helpers/fixtures.js';
import { createTestApp } from '../helpers/test-app.js';

const decode = (encoding: string | null, bytes: Buffer) =>
  encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes;

describe.each(testDatabases())('compression on $name', (backend) => {
  let database: Database;
  let t: ReturnType<typeof createTestApp>;
  let chapterId: string;

  beforeAll(async () => {
    database = await backend.open();
    t = createTestApp(database);
    const chapter = await createChapter(database.db);
    chapterId = chapter.id;
    for (let i = 0; i < 10; i++) await createEvent(database.db, chapter);
  });
  afterAll(() => database?.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await t.app.request(path, { headers });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
  ])('answers Accept-Encoding "%s" with %s, the same JSON, and Vary', async (accept, expected) => {
    const identity = await get(`/v1/chapters/${chapterId}/events`);
    const { response, bytes } = await get(`/v1/chapters/${chapterId}/events`, {
      'Accept-Encoding': accept,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe(expected);
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.length).toBeLessThan(identity.bytes.length / 3);
    expect(JSON.parse(decode(expected, bytes).toString())).toEqual(
      JSON.parse(identity.bytes.toString()),
    );
  });

  it('sends identity, still with Vary, to a client that asks for no coding', async () => {
    const { response } = await get(`/v1/chapters/${chapterId}/events`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  });

  it('revalidates a compressed answer by its weak ETag', async () => {
    const path = `/v1/chapters/${chapterId}/events`;
    const first = await get(path, { 'Accept-Encoding': 'br' });
    const etag = first.response.headers.get('etag');
    expect(etag).toMatch(/^W\//);
    const again = await get(path, { 'Accept-Encoding': 'br', 'If-None-Match': etag! });
    expect(again.response.status).toBe(304);
  });

  it('compresses iCalendar feeds and the OpenAPI document', async () => {
    for (const path of [`/v1/chapters/${chapterId}/events.ics`, '/openapi.json']) {
      const identity = await get(path);
      const { response, bytes } = await get(path, { 'Accept-Encoding': 'br' });
      expect(response.headers.get('content-encoding'), path).toBe('br');
      expect(decode('br', bytes).equals(identity.bytes), path).toBe(true);
    }
  });

  it('leaves bodies under 1 kB as they are', async () => {
    const { response, bytes } = await get('/healthz', { 'Accept-Encoding': 'br, gzip' });
    expect(bytes.length).toBeLessThan(1024);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(bytes.toString())).toMatchObject({ status: 'ok' });
  });

  it('compresses problems too when they are large enough, and never HEAD answers', async () => {
    const head = await t.app.request(`/v1/chapters/${chapterId}/events`, {
      method: 'HEAD',
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(head.headers.get('content-encoding')).toBeNull();
  });
});

describe('preferred coding', () => {
  it.each([
    [undefined, undefined],
    ['identity', undefined],
    ['*', 'br'],
    ['br;q=0, gzip;q=0', undefined],
    ['gzip;q=1, br;q=0.9', 'gzip'],
    ['*;q=0.1, gzip;q=0.5', 'gzip'],
  ])('%s → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
