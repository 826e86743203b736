import type { Event } from '@oneteamgov/schema';
import type { ChapterRow } from '../db/schema/index.js';
import { withDefaults } from '../services/events/upsert-rows.js';
import type { Rejection } from './counts.js';
import type { IcsItem } from './ics/types.js';
import { mapIcsItems } from './map-ics-items.js';

/** What the parse worker needs to turn a feed's items into staged rows. */
export interface StageContext {
  sourceId: string;
  chapter: Pick<ChapterRow, 'id' | 'country' | 'timeZone'>;
  /** This instance's origin (its public URL). */
  origin: string;
  /** Content hashes of the source's live events, by id: rows that match them are neither checked nor sent. */
  known: ReadonlyMap<string, string>;
}

/**
 * One batch of staged rows as JSON text, bound as is to the staging insert
 * (stage-rows.ts), so the main thread never builds, checks or serialises a
 * row: each entry is { id, ord, hash, uid, startsAt, row, event }.
 */
export interface StagedBatch {
  json: string;
  /** Rows in `json`. */
  count: number;
  rejections: Rejection[];
  rejectedUids: string[];
  /** Time the worker spent mapping, checking and serialising this batch (not parsing). */
  stageMs: number;
}

/**
 * The event as staged: what the upsert does not set itself. The staged upsert
 * replaces chapter, sequence, timestamps and provenance with the written row's
 * (upsert-rows.ts), so sending them would only make every row about 10% longer
 * to serialise, bind and store.
 */
function staged(event: Event): Omit<Event, SetByUpsert> {
  const {
    chapterId: _c,
    sequence: _s,
    createdAt: _a,
    updatedAt: _u,
    provenance: _p,
    ...rest
  } = event;
  return rest;
}
type SetByUpsert = 'chapterId' | 'sequence' | 'createdAt' | 'updatedAt' | 'provenance';

/**
 * Maps and checks a batch of items in the parse worker. `ord` numbers rows in
 * arrival order across a document's batches (the apply writes in ranges of
 * it). A row the live event already matches travels without its row and
 * event: only its key and hash are needed, to know it is still in the feed.
 */
export function stageIcsItems(
  items: IcsItem[],
  context: StageContext,
  firstOrd: number,
): StagedBatch {
  const started = performance.now();
  const mapped = mapIcsItems(
    items,
    { id: context.sourceId },
    context.chapter,
    context.origin,
    context.known,
  );
  let ord = firstOrd;
  const entries = mapped.rows.map(({ row, event }) => ({
    id: row.id,
    ord: ord++,
    hash: row.contentHash,
    uid: row.upstreamUid,
    startsAt: row.startsAt,
    row: event === null ? null : withDefaults(row),
    event: event === null ? null : staged(event),
  }));
  const json = JSON.stringify(entries);
  return {
    json,
    count: entries.length,
    rejections: mapped.rejections,
    rejectedUids: mapped.rejectedUids,
    stageMs: performance.now() - started,
  };
}
