import type { StageContext, StagedBatch } from '../stage-ics-items.js';
import type { IcsItem, IcsParseOptions, IcsParseResult } from './types.js';

/** What parseIcsIsolated posts the worker: one document to parse. */
export interface WorkerInput {
  /** The document as UTF-8, transferred (not copied) to the worker. */
  bytes: Uint8Array;
  options: IcsParseOptions;
  /**
   * With a context, the worker maps and checks items itself and sends staged
   * rows instead. `inflight` (shared) counts batches sent and not yet written:
   * the worker adds one per batch, the main thread takes one off once written.
   */
  stage?: { context: StageContext; inflight: Int32Array };
}

/**
 * What the worker posts back for each document: "started" once it begins
 * (the parse deadline starts then), items (or staged rows) in batches as they
 * are made, then one outcome ("done" carries the rest of the result, its
 * items already sent).
 */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'items'; items: IcsItem[] }
  | { type: 'staged'; batch: StagedBatch }
  | { type: 'done'; result: IcsParseResult }
  | { type: 'failed'; documentError: boolean; message: string };
