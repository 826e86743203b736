import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows-of.js';
import type { ChapterRow, SourceRow, SyncCounts } from '../db/schema/index.js';
import type { ApplyResult, Rejection } from './counts.js';

/*
 * An iCalendar feed re-served byte for byte is recognised without parsing it:
 * most feed servers answer every request with a 200 and the whole document
 * (no ETag, or one that changes each time), and parsing, expanding and
 * hashing a 5,000-event feed again only to write nothing cost 0.6–1.8 s.
 *
 * After an applied (not held) run, the source's feed_cursor (a peer's
 * change-feed position; unused by iCalendar sources otherwise) keeps
 * "sha256:<snapshot digest> <transaction time>". The snapshot digest covers
 * the document's bytes and everything else the rows are made from (the
 * chapter's settings, this hub's origin, the expansion window's limits) and
 * the UTC day, so a full parse still runs at least once a day and the moving
 * expansion window brings in occurrences at most a day late, as it would
 * behind a server answering 304. The time bounds the events: if any of the
 * source's events was written since (hidden, taken over, removed by a
 * moderator) or their number changed, the feed is parsed and applied in full.
 */

const PREFIX = 'sha256:';

/** The digest of what a snapshot of this document would be made from, today. */
export function snapshotDigest(
  documentSha256: string,
  context: {
    chapter: Pick<ChapterRow, 'id' | 'country' | 'timeZone' | 'languages'>;
    origin: string;
    limits: object;
    day: Date;
  },
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        documentSha256,
        context.chapter.id,
        context.chapter.country,
        context.chapter.timeZone,
        context.chapter.languages,
        context.origin,
        context.limits,
        context.day.toISOString().slice(0, 10),
      ]),
    )
    .digest('hex');
}

/**
 * A peer's change-feed position, or null: what an iCalendar run left is not one
 * (a source's kind can change under the same URL, which keeps the cursor).
 */
export function peerCursor(cursor: string | null): string | null {
  return cursor?.startsWith(PREFIX) ? null : cursor;
}

/** The feed_cursor value an applied run leaves: the digest and its transaction's time. */
export function appliedCursor(digest: string): SQL {
  return sql`${`${PREFIX}${digest} `} || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * When `digest` is the one the source's last applied run left and none of its
 * events changed since, the result that run would have again: every accepted
 * item unchanged, the same rejections, nothing written. Otherwise undefined.
 */
export async function unchangedResult(
  db: Db,
  source: Pick<SourceRow, 'id' | 'feedCursor' | 'itemCount'>,
  digest: string,
): Promise<ApplyResult | undefined> {
  const cursor = source.feedCursor;
  if (!cursor?.startsWith(`${PREFIX}${digest} `)) return undefined;
  const since = cursor.slice(PREFIX.length + digest.length + 1);
  const [state] = rowsOf<{
    live: number;
    touched: boolean;
    counts: SyncCounts | null;
    rejections: Rejection[] | null;
  }>(
    await db.execute(sql`
      select
        (select count(*)::int from events where source_id = ${source.id} and deleted_at is null) as live,
        exists (
          select 1 from events where source_id = ${source.id} and updated_at > ${since}::timestamptz
        ) as touched,
        last.counts, last.rejections
      from (select 1) as one
      left join lateral (
        select counts, rejections from sync_runs
        where source_id = ${source.id} and outcome = 'success'
        order by started_at desc limit 1
      ) as last on true`),
  );
  if (!state?.counts || state.touched || state.live !== source.itemCount) return undefined;
  const { fetched, created, updated, unchanged, rejected } = state.counts;
  return {
    counts: {
      fetched,
      created: 0,
      updated: 0,
      unchanged: created + updated + unchanged,
      removed: 0,
      rejected,
      held: 0,
    },
    rejections: state.rejections ?? [],
    held: false,
  };
}
