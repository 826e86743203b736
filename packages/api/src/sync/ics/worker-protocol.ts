import type { IcsItem, IcsParseOptions, IcsParseResult } from './types.js';

/** What parseIcsIsolated posts the worker: one document to parse. */
export interface WorkerInput {
  /** The document as UTF-8, transferred (not copied) to the worker. */
  bytes: Uint8Array;
  options: IcsParseOptions;
}

/**
 * What the worker posts back for each document: "started" once it begins
 * (the parse deadline starts then), items in batches as they are made, then
 * one outcome ("done" carries the rest of the result, its items already sent).
 */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'items'; items: IcsItem[] }
  | { type: 'done'; result: IcsParseResult }
  | { type: 'failed'; documentError: boolean; message: string };
