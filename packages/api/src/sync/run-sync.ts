import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { chapters, type SourceRow, type sources } from '../db/schema/index.js';
import { type WriteCtx, withTransaction } from '../services/context.js';
import { applyChanges } from './apply-changes.js';
import { applySnapshot } from './apply-snapshot.js';
import { type ApplyResult, emptyCounts } from './counts.js';
import { type FetchPolicy, safeFetch } from './fetch/index.js';
// Not the ics barrel: it also exports the parser, which this thread must not load (it runs in the worker).
import { IcsDocumentError } from './ics/errors.js';
import { warmParseWorker } from './ics/isolated.js';
import type { ParseBudget } from './ics/types.js';
import { liveHashes, parseAndStage } from './parse-and-stage.js';
import { pullChanges } from './pull-changes.js';
import {
  type Outcome,
  RunLostError,
  recordFailure,
  recordRun,
  startRun,
  syncCtx,
  updateSourceState,
} from './record-run.js';
import { dropStaged, dropStaleStaging } from './stage-rows.js';
import { appliedCursor, peerCursor, snapshotDigest, unchangedResult } from './unchanged-feed.js';

export interface SyncDeps {
  db: Db;
  logger: Logger;
  /** This instance's origin (its public URL). */
  selfOrigin: string;
  fetchPolicy: FetchPolicy;
  parseBudget: ParseBudget;
  now: () => Date;
}

const DAY_MS = 86_400_000;
/** iCalendar recurrences are expanded from 30 days back to 400 days ahead. */
export const ICS_WINDOW = {
  pastDays: 30,
  futureDays: 400,
  maxOccurrencesPerEvent: 500,
  maxEvents: 50_000,
};

/**
 * One sync attempt of one source. Whatever happens, exactly one sync run is
 * recorded: `running` from the start, so a process killed mid-way leaves a
 * trace the next claim turns into `interrupted`. A failure changes no event
 * (rule 1), and a successful apply, the run's end and the source's new state
 * commit together or not at all.
 */
export async function syncSource(
  deps: SyncDeps,
  source: SourceRow,
  options: { allowMassRemoval?: boolean } = {},
) {
  const run = { runId: randomUUID(), startedAt: deps.now() };
  await startRun(deps.db, { ...run, sourceId: source.id });
  try {
    return await attempt(deps, source, { ...run, allowMassRemoval: options.allowMassRemoval });
  } catch (error) {
    // A crash still ends the run, as a failure with back-off: never a tight retry loop.
    if (!(error instanceof RunLostError)) {
      await recordFailure(deps, source, {
        ...run,
        message: 'internal-error: the run stopped unexpectedly; nothing was changed',
        status: null,
      }).catch((recordError: unknown) =>
        deps.logger.error({ err: recordError, sourceId: source.id }, 'could not record a crash'),
      );
    }
    throw error;
  }
}

async function attempt(
  deps: SyncDeps,
  source: SourceRow,
  run: { runId: string; startedAt: Date; allowMassRemoval: boolean | undefined },
) {
  const { runId, startedAt } = run;
  const ctx = syncCtx(deps, runId);
  const allowMassRemoval = run.allowMassRemoval ?? false;

  const fail = async (message: string, status: number | null, retryAfterMs?: number) => {
    await recordFailure(deps, source, { runId, startedAt, message, status, retryAfterMs });
    return { runId, outcome: 'failed' as Outcome, counts: emptyCounts(), error: message };
  };

  const succeed =
    (status: number | null, extra: PgUpdateSetSource<typeof sources>, fixed?: Outcome) =>
    async (w: WriteCtx, result: ApplyResult) => {
      const outcome: Outcome = fixed ?? (result.held ? 'held' : 'success');
      await recordRun(w, {
        runId,
        source,
        startedAt,
        status,
        outcome,
        counts: result.counts,
        rejections: result.rejections,
        error: result.heldReason ?? null,
      });
      await updateSourceState(w, source, {
        ...extra,
        status: result.held ? 'needsReview' : 'ok',
        lastAttemptAt: startedAt,
        lastSuccessAt: startedAt,
        consecutiveFailures: 0,
        nextAttemptAt:
          extra.nextAttemptAt ?? new Date(startedAt.getTime() + source.intervalMinutes * 60_000),
        itemCount: sql`(select count(*)::int from events where source_id = ${source.id} and deleted_at is null)`,
      });
    };

  const [chapter] = await deps.db.select().from(chapters).where(eq(chapters.id, source.chapterId));
  if (!chapter) return fail(`chapter "${source.chapterId}" no longer exists`, null);

  if (source.kind === 'instance') {
    const pulled = await pullChanges(source.url, peerCursor(source.feedCursor), deps.fetchPolicy);
    if (pulled.kind === 'failed')
      return fail(
        pulled.outcome.reason === 'invalid-document'
          ? `invalid-document: ${pulled.outcome.message}`
          : pulled.outcome.reason,
        pulled.outcome.status ?? null,
        'retryAfterMs' in pulled.outcome ? pulled.outcome.retryAfterMs : undefined,
      );
    const result = await applyChanges(ctx, {
      sourceId: source.id,
      selfOrigin: deps.selfOrigin,
      changes: pulled.changes,
      rejections: pulled.rejections,
      now: startedAt,
      allowMassRemoval,
      // A held run keeps the old cursor, so the held removals come back for review.
      finalize: (w, r) =>
        succeed(
          pulled.status,
          r.held
            ? {}
            : {
                feedCursor: pulled.resumeCursor,
                ...(pulled.complete ? {} : { nextAttemptAt: startedAt }),
              },
        )(w, r),
    });
    return done(deps, source, runId, result);
  }

  // Approving held removals must re-read the feed, not accept a 304.
  const validators = allowMassRemoval
    ? {}
    : { etag: source.etag, lastModified: source.lastModified };
  // Where a run's time went, logged with its end: fetching, parsing and staging, applying.
  const phases: Phases = {};
  const clock = performance.now();
  const lap = () => Math.round(performance.now() - clock);
  const fetched = await safeFetch(source.url, validators, {
    ...deps.fetchPolicy,
    accept: 'text/calendar, */*;q=0.1',
  });
  if (fetched.kind === 'failed')
    return fail(
      `${fetched.reason}: ${fetched.message}`,
      fetched.status ?? null,
      fetched.retryAfterMs,
    );
  if (fetched.kind === 'not-modified') {
    // Rule 7 at its cheapest: a 304 writes no event at all.
    await withTransaction(ctx, (w) =>
      succeed(304, {}, 'notModified')(w, { counts: emptyCounts(), rejections: [], held: false }),
    );
    return { runId, outcome: 'notModified' as Outcome, counts: emptyCounts() };
  }
  const window = {
    from: new Date(startedAt.getTime() - ICS_WINDOW.pastDays * DAY_MS),
    to: new Date(startedAt.getTime() + ICS_WINDOW.futureDays * DAY_MS),
  };
  // A document applied before, with nothing changed since on either side, is not parsed again
  // (unchanged-feed.ts); approving held removals and a source under review always re-judge it.
  const digest = snapshotDigest(fetched.sha256, {
    chapter,
    origin: deps.selfOrigin,
    limits: ICS_WINDOW,
    day: startedAt,
  });
  const validated = { etag: fetched.etag, lastModified: fetched.lastModified };
  phases.fetchedMs = lap();
  const again =
    allowMassRemoval || source.review ? undefined : await unchangedResult(deps.db, source, digest);
  if (again) {
    await withTransaction(ctx, (w) => succeed(fetched.status, validated)(w, again));
    return done(deps, source, runId, again, { ...phases, unchangedMs: lap() });
  }
  // The parse worker maps and checks items; their rows are staged as they arrive, never all held.
  // It loads while the stale staged rows and the live hashes are read.
  warmParseWorker(deps.parseBudget);
  await dropStaleStaging(deps.db, source.id);
  try {
    const known = await liveHashes(deps.db, source.id);
    const outcome = await parseAndStage(
      deps.db,
      { runId, sourceId: source.id },
      fetched.bytes,
      {
        window,
        maxOccurrencesPerEvent: ICS_WINDOW.maxOccurrencesPerEvent,
        maxEvents: ICS_WINDOW.maxEvents,
        defaultTimeZone: chapter.timeZone,
        defaultLanguage: chapter.languages[0] ?? 'en',
      },
      deps.parseBudget,
      {
        sourceId: source.id,
        chapter: { id: chapter.id, country: chapter.country, timeZone: chapter.timeZone },
        origin: deps.selfOrigin,
        known,
      },
    );
    if (outcome.kind === 'failed') {
      const message =
        outcome.error instanceof IcsDocumentError
          ? outcome.error.message
          : 'the calendar could not be parsed';
      return fail(`invalid-document: ${message}`, fetched.status);
    }
    const { parsed } = outcome;
    phases.stagedMs = lap();
    const result = await applySnapshot(ctx, {
      sourceId: source.id,
      runId,
      staged: outcome.staged,
      keepUids: new Set([
        ...parsed.rejected.flatMap((r) => (r.uid ? [r.uid] : [])),
        ...outcome.rejectedUids,
      ]),
      rejections: [
        ...parsed.rejected.map((r) => ({ item: r.uid ?? '(no UID)', reason: r.reason })),
        ...outcome.rejections,
      ],
      fetched: parsed.itemCount + parsed.rejected.length,
      window,
      now: startedAt,
      allowMassRemoval,
      // A held run forgets the validators and the digest, so the next run re-reads and
      // re-judges the feed; so does one that wrote nothing live (a source under review).
      finalize: (w, r) =>
        succeed(
          fetched.status,
          r.held
            ? { etag: null, lastModified: null, feedCursor: null }
            : { ...validated, feedCursor: source.review ? null : appliedCursor(digest) },
        )(w, r),
    });
    return done(deps, source, runId, result, { ...phases, appliedMs: lap() });
  } finally {
    await dropStaged(deps.db, runId).catch((error: unknown) =>
      deps.logger.warn({ err: error, sourceId: source.id }, 'could not drop staged rows'),
    );
  }
}

/** Milliseconds from the fetch's start to the end of each phase a run reached. */
interface Phases {
  fetchedMs?: number;
  /** The parse worker done and its rows staged. */
  stagedMs?: number;
  appliedMs?: number;
  /** Recognised as the document applied before, and recorded so. */
  unchangedMs?: number;
}

function done(
  deps: SyncDeps,
  source: SourceRow,
  runId: string,
  result: ApplyResult,
  phases?: Phases,
) {
  const outcome: Outcome = result.held ? 'held' : 'success';
  deps.logger.info(
    { sourceId: source.id, runId, outcome, counts: result.counts, ...(phases ? { phases } : {}) },
    'sync finished',
  );
  return { runId, outcome, counts: result.counts };
}
