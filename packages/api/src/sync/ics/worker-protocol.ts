import type { IcsParseOptions, IcsParseResult } from './types.js';

/** What parseIcsIsolated hands the worker (as workerData). */
export interface WorkerInput {
  text: string;
  options: IcsParseOptions;
}

/** What the worker posts back: "started" once loaded (the parse deadline starts then), then one outcome. */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'done'; result: IcsParseResult }
  | { type: 'failed'; documentError: boolean; message: string };
