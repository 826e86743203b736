import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows-of.js';
import type { Rejection } from './counts.js';
// Not the ics barrel: it also exports the parser, which this thread must not load (it runs in the worker).
import { parseIcsIsolated } from './ics/isolated.js';
import type { IcsParseOptions, IcsParseResult, ParseBudget } from './ics/types.js';
import type { StageContext, StagedBatch } from './stage-ics-items.js';
import { stageBatch } from './stage-rows.js';

export type ParseAndStageOutcome =
  | { kind: 'failed'; error: unknown }
  | {
      kind: 'parsed';
      parsed: Omit<IcsParseResult, 'items'> & { itemCount: number };
      /** Rows staged for the run (accepted ones; the unchanged included). */
      staged: number;
      rejections: Rejection[];
      rejectedUids: string[];
    };

/**
 * Parses a feed in the parse worker, which also maps and checks its items,
 * and stages the rows it sends, batch by batch, as they arrive: the main
 * thread only passes each batch's JSON text on to the database, and never
 * holds the snapshot. A parse failure is returned as `failed` (what was
 * staged is dropped with the run); a staging error is thrown.
 */
export async function parseAndStage(
  db: Db,
  run: { runId: string; sourceId: string },
  /** The feed's bytes: moved to the worker, not decoded here. */
  document: Uint8Array,
  options: IcsParseOptions,
  budget: ParseBudget,
  context: StageContext,
): Promise<ParseAndStageOutcome> {
  const rejections: Rejection[] = [];
  const rejectedUids: string[] = [];
  let staged = 0;
  // Batches are written one after another, in the order they arrive.
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const take = (batch: StagedBatch): Promise<void> => {
    staged += batch.count;
    for (const r of batch.rejections) rejections.push(r);
    for (const uid of batch.rejectedUids) rejectedUids.push(uid);
    if (batch.count === 0) return Promise.resolve();
    writing = writing.then(() =>
      writeError === undefined
        ? stageBatch(db, run, batch.json).catch((error: unknown) => {
            writeError = error;
          })
        : undefined,
    );
    return writing;
  };

  let result: IcsParseResult;
  try {
    result = await parseIcsIsolated(document, options, budget, undefined, { context, take });
  } catch (error) {
    await writing;
    return { kind: 'failed', error };
  }
  await writing;
  if (writeError !== undefined) throw writeError;
  const { items: _none, ...rest } = result;
  return {
    kind: 'parsed',
    parsed: { ...rest, itemCount: staged + rejectedUids.length },
    staged,
    rejections,
    rejectedUids,
  };
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
  const known = new Map<string, string>();
  for (const row of rowsOf<{ id: string; hash: string }>(result)) known.set(row.id, row.hash);
  return known;
}
