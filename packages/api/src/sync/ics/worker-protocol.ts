import type { IcsItem, IcsParseOptions, IcsParseResult } from './types.js';

/** What parseIcsIsolated hands the worker (as workerData). */
export interface WorkerInput {
  /** The document as UTF-8, transferred (not copied) to the worker. */
  bytes: Uint8Array;
  options: IcsParseOptions;
}

/**
 * What the worker posts back: "started" once loaded (the parse deadline
 * starts then), items in batches as they are made, then one outcome ("done"
 * carries the rest of the result, its items already sent).
 */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'items'; items: IcsItem[] }
  | { type: 'done'; result: IcsParseResult }
  | { type: 'failed'; documentError: boolean; message: string };
