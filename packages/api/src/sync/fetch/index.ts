// Untrusted-URL fetching for sync (DESIGN.md, sync safety rule 8).
export { HostQueue } from './host-queue.js';
export { defaultFetchPolicy } from './policy.js';
export { parseRetryAfter } from './retry-after.js';
export { safeFetch } from './safe-fetch.js';
export type {
  FetchFailureReason,
  FetchOutcome,
  FetchPolicy,
  Validators,
} from './types.js';
