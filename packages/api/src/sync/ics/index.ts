export { IcsDocumentError } from './errors.js';
export { parseIcsIsolated } from './isolated.js';
export { parseIcs } from './parse-ics.js';
export type {
  IcsItem,
  IcsParseOptions,
  IcsParseResult,
  IcsRejection,
  ParseBudget,
} from './types.js';
