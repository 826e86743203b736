import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calendar, fixture, options } from '../../../test/helpers/ics-calendars.js';
import { IcsDocumentError, parseIcs, parseIcsIsolated } from './index.js';
import { freshBuild, parseWorkerScript } from './worker-script.js';

const BUDGET = { timeoutMs: 10_000, maxHeapMb: 128 };

/** A rule that never ends; with a high cap, expanding it is limited only by the budget. */
const EVERY_SECOND = calendar(
  'UID:hostile\nSUMMARY:Every second, forever\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY',
);
const UNCAPPED = options({ maxOccurrencesPerEvent: 1_000_000_000, maxEvents: 1_000_000_000 });

describe('parseIcsIsolated', () => {
  it('returns what parseIcs returns, Dates included', async () => {
    const text = fixture('google-weekly.ics');
    const isolated = await parseIcsIsolated(text, options(), BUDGET);
    expect(isolated).toEqual(parseIcs(text, options()));
    expect(isolated.items[0]!.startsAt).toBeInstanceOf(Date);
  });

  it('passes document errors through as IcsDocumentError', async () => {
    const result = parseIcsIsolated(fixture('html-page.ics'), options(), BUDGET);
    await expect(result).rejects.toBeInstanceOf(IcsDocumentError);
    await expect(parseIcsIsolated(fixture('truncated.ics'), options(), BUDGET)).rejects.toThrow(
      /^truncated/,
    );
  });

  it('stops a parse that runs over its time budget', async () => {
    const started = performance.now();
    const result = parseIcsIsolated(EVERY_SECOND, UNCAPPED, { timeoutMs: 200, maxHeapMb: 256 });
    await expect(result).rejects.toBeInstanceOf(IcsDocumentError);
    await expect(result).rejects.toThrow(/^parse budget exceeded: no result within 200 ms/);
    // The deadline counts from the start of parsing; worker start-up comes on top.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('stops a parse that runs out of its memory budget', async () => {
    const result = parseIcsIsolated(EVERY_SECOND, UNCAPPED, { timeoutMs: 120_000, maxHeapMb: 32 });
    await expect(result).rejects.toBeInstanceOf(IcsDocumentError);
    await expect(result).rejects.toThrow(/^parse budget exceeded: more than 32 MB of memory/);
  });

  it('leaves this process healthy after hostile input', async () => {
    const hostile = [1, 2, 3].map(() =>
      parseIcsIsolated(EVERY_SECOND, UNCAPPED, { timeoutMs: 150, maxHeapMb: 64 }).catch((e) => e),
    );
    for (const outcome of await Promise.all(hostile)) {
      expect(outcome).toBeInstanceOf(IcsDocumentError);
    }
    const after = await parseIcsIsolated(fixture('bilingual.ics'), options(), BUDGET);
    expect(after.items).toHaveLength(1);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  });

  it('parses document after document alike, whatever came before (the worker is reused)', async () => {
    const text = fixture('google-weekly.ics');
    const first = await parseIcsIsolated(text, options(), BUDGET);
    await expect(parseIcsIsolated(fixture('truncated.ics'), options(), BUDGET)).rejects.toThrow(
      /^truncated/,
    );
    const other = await parseIcsIsolated(fixture('bilingual.ics'), options(), BUDGET);
    const again = await parseIcsIsolated(text, options(), BUDGET);
    expect(other).toEqual(parseIcs(fixture('bilingual.ics'), options()));
    expect(again).toEqual(first);
  });

  it('hands items to a sink instead of returning them', async () => {
    const text = fixture('google-weekly.ics');
    const received: unknown[] = [];
    const result = await parseIcsIsolated(text, options(), BUDGET, (items) =>
      received.push(...items),
    );
    expect(result.items).toEqual([]);
    expect(received).toEqual(parseIcs(text, options()).items);
  });

  it('refuses a non-positive budget', async () => {
    await expect(
      parseIcsIsolated(fixture('bilingual.ics'), options(), { timeoutMs: 0, maxHeapMb: 64 }),
    ).rejects.toThrow(TypeError);
  });
});

describe('parseWorkerScript', () => {
  it('boots the TypeScript worker through tsx when running from source', () => {
    const script = parseWorkerScript(new URL('./worker-script.ts', import.meta.url).href, {
      useBuild: false,
    });
    expect(script.eval).toBe(true);
    expect(script.source).toContain('parse-worker.ts');
    expect(script.source).toContain('register');
  });

  it('uses the package build from source only while it is newer than every source file', () => {
    const packageWith = (sourceTime: number, buildTime: number) => {
      const root = mkdtempSync(join(tmpdir(), 'otg-worker-script-'));
      mkdirSync(join(root, 'src/sync/ics'), { recursive: true });
      mkdirSync(join(root, 'dist'));
      const source = join(root, 'src/sync/ics/parse-worker.ts');
      const built = join(root, 'dist/ics-worker.js');
      writeFileSync(source, '');
      writeFileSync(built, '');
      utimesSync(source, sourceTime, sourceTime);
      utimesSync(built, buildTime, buildTime);
      return { moduleUrl: pathToFileURL(join(root, 'src/sync/ics/worker-script.ts')).href, built };
    };
    const fresh = packageWith(1_000, 2_000);
    expect(parseWorkerScript(fresh.moduleUrl)).toEqual({
      source: pathToFileURL(fresh.built),
      eval: false,
    });
    expect(freshBuild(packageWith(2_000, 1_000).moduleUrl)).toBeUndefined();
  });

  it('uses dist/ics-worker.js next to the bundle, and says which tsup entry is missing', () => {
    const bundle = new URL('./fixtures/main.js', import.meta.url).href;
    expect(() => parseWorkerScript(bundle)).toThrow(
      /'ics-worker': 'src\/sync\/ics\/parse-worker.ts'/,
    );
  });
});
