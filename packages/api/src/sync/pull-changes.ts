import { Change } from '@oneteamgov/schema';
import type { Rejection } from './counts.js';
import { type FetchOutcome, type FetchPolicy, safeFetch } from './fetch/index.js';

/** Upper bound of pages one run reads; the rest comes on the next run. */
export const MAX_PAGES_PER_RUN = 50;

export type PullResult =
  | {
      kind: 'ok';
      changes: Change[];
      rejections: Rejection[];
      resumeCursor: string | null;
      status: number;
      complete: boolean;
    }
  | {
      kind: 'failed';
      outcome:
        | Extract<FetchOutcome, { kind: 'failed' }>
        | { reason: 'invalid-document'; message: string; status?: number };
    };

function changesUrl(base: string, cursor: string | null): string {
  const url = new URL(`${base.replace(/\/+$/, '')}/v1/changes`);
  url.searchParams.set('limit', '100');
  if (cursor) url.searchParams.set('cursor', cursor);
  return url.toString();
}

function isPageEnvelope(
  value: unknown,
): value is { data: unknown[]; nextCursor: unknown; resumeCursor: unknown } {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data)
  );
}

/**
 * Reads a peer's change feed from the stored cursor. Every item is validated
 * with the same strict schema the API uses (unknown fields, wrong types,
 * oversized arrays and `__proto__` keys are refused item by item). Any failed
 * page fails the whole run, so nothing is applied from a partial read.
 */
export async function pullChanges(
  baseUrl: string,
  cursor: string | null,
  policy: FetchPolicy,
): Promise<PullResult> {
  const changes: Change[] = [];
  const rejections: Rejection[] = [];
  let position = cursor;
  let status = 200;
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const outcome = await safeFetch(
      changesUrl(baseUrl, position),
      {},
      { ...policy, accept: 'application/json' },
    );
    if (outcome.kind === 'failed') return { kind: 'failed', outcome };
    if (outcome.kind === 'not-modified') break;
    status = outcome.status;
    let body: unknown;
    try {
      body = JSON.parse(outcome.body);
    } catch {
      return {
        kind: 'failed',
        outcome: { reason: 'invalid-document', message: 'the change feed is not JSON', status },
      };
    }
    if (!isPageEnvelope(body) || typeof body.resumeCursor !== 'string') {
      return {
        kind: 'failed',
        outcome: {
          reason: 'invalid-document',
          message: 'the change feed page is malformed',
          status,
        },
      };
    }
    for (const item of body.data) {
      const parsed = Change.safeParse(item);
      if (parsed.success) changes.push(parsed.data);
      else
        rejections.push({
          item: itemLabel(item),
          reason: parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        });
    }
    position = body.resumeCursor;
    if (typeof body.nextCursor !== 'string')
      return { kind: 'ok', changes, rejections, resumeCursor: position, status, complete: true };
  }
  return { kind: 'ok', changes, rejections, resumeCursor: position, status, complete: false };
}

function itemLabel(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 200) : '(item without an id)';
}
