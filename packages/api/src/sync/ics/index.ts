export { IcsDocumentError } from './errors.js';
export { parseIcsIsolated, warmParseWorker } from './isolated.js';
export { parseIcs } from './parse-ics.js';
export type {
  IcsItem,
  IcsParseOptions,
  IcsParseResult,
  IcsRejection,
  ParseBudget,
} from './types.js';
