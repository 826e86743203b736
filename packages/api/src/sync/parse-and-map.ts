import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  type IcsItem,
  type IcsParseOptions,
  type IcsParseResult,
  type ParseBudget,
  parseIcsIsolated,
} from './ics/index.js';
import type { mapIcsItems } from './map-ics-items.js';

export type Mapped = ReturnType<typeof mapIcsItems>;

/** Items mapped between two turns of the event loop. */
const MAP_SLICE = 100;

export type ParseAndMapOutcome =
  | { kind: 'failed'; error: unknown }
  | {
      kind: 'parsed';
      parsed: Omit<IcsParseResult, 'items'> & { itemCount: number };
      mapped: Mapped;
    };

/**
 * Parses a feed in the parse worker and maps its items to rows as they
 * arrive, a slice at a time with other work let in between: the items are
 * never all held at once (only the rows are), and no slice holds the event
 * loop for long (mapping 50,000 events in one go stalled a `serve` process for
 * seconds). A parse failure is returned as `failed`, with nothing mapped
 * kept; an error while mapping is a bug and is thrown.
 */
export async function parseAndMap(
  text: string,
  options: IcsParseOptions,
  budget: ParseBudget,
  map: (slice: IcsItem[]) => Mapped,
): Promise<ParseAndMapOutcome> {
  const mapped: Mapped = { rows: [], rejections: [], rejectedUids: [] };
  const waiting: IcsItem[][] = [];
  let itemCount = 0;
  let wake: (() => void) | undefined;
  let parseDone = false;

  const parsing = parseIcsIsolated(text, options, budget, (items) => {
    itemCount += items.length;
    waiting.push(items);
    wake?.();
  }).finally(() => {
    parseDone = true;
    wake?.();
  });
  // Handled below; without this a failed parse would count as unhandled while mapping waits.
  parsing.catch(() => {});

  const mapping = (async () => {
    for (;;) {
      const batch = waiting.shift();
      if (!batch) {
        if (parseDone) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      for (let i = 0; i < batch.length; i += MAP_SLICE) {
        const part = map(batch.slice(i, i + MAP_SLICE));
        for (const row of part.rows) mapped.rows.push(row);
        for (const r of part.rejections) mapped.rejections.push(r);
        for (const uid of part.rejectedUids) mapped.rejectedUids.push(uid);
        await nextTurn();
      }
    }
  })();
  // Awaited below, after the parse; marked handled so a mapping bug is not reported twice.
  mapping.catch(() => {});

  let result: IcsParseResult;
  try {
    result = await parsing;
  } catch (error) {
    await mapping.catch(() => {});
    return { kind: 'failed', error };
  }
  await mapping;
  const { items: _none, ...rest } = result;
  return { kind: 'parsed', parsed: { ...rest, itemCount }, mapped };
}

/**
 * Content hashes of a source's live events, by id: rows that match them need
 * no new check. Read as plain rows (no ORM mapping pass), so 50,000 of them
 * do not hold the event loop.
 */
export async function liveHashes(db: Db, sourceId: string): Promise<Map<string, string>> {
  const result = await db.execute<{ id: string; hash: string }>(
    sql`select id, content_hash as hash from events where source_id = ${sourceId} and deleted_at is null`,
  );
  const rows = Array.isArray(result) ? result : (result as { rows: typeof result }).rows;
  const known = new Map<string, string>();
  for (const row of rows as { id: string; hash: string }[]) known.set(row.id, row.hash);
  return known;
}
