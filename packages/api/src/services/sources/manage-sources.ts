import { and, eq, isNull, sql } from 'drizzle-orm';
import { events, type SourceRow, sources } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { getChapterOrThrow } from '../chapters/get-chapter.js';
import { type ServiceCtx, type WriteCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { removeEvents } from '../events/persist-events.js';
import { withdrawSourceItems } from '../moderation/hold-imports.js';
import { detachEvents } from '../moderation/take-over.js';

/** Every change to a source is audited the same way, whoever makes it. */
export function auditSource(
  w: WriteCtx,
  action: string,
  source: { id: string; chapterId: string },
): Promise<void> {
  return recordAudit(w, {
    action,
    targetType: 'source',
    targetId: source.id,
    chapterId: source.chapterId,
  });
}

export interface SourceDefinition {
  id: string;
  chapterId: string;
  kind: 'instance' | 'ics';
  url: string;
  intervalMinutes?: number | undefined;
}

/**
 * Only absolute http(s) URLs are accepted. Credentials in a URL are allowed (some
 * private feeds need them); they are sent as Basic auth and never published.
 */
export function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('invalid_request', 'The source URL is not a valid absolute URL');
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    throw new DomainError('invalid_request', 'Source URLs must use http or https');
  }
}

/** Adds a source, or updates its URL/interval when the id exists (config files re-apply on start). */
export async function upsertSource(ctx: ServiceCtx, def: SourceDefinition): Promise<SourceRow> {
  checkUrl(def.url);
  await getChapterOrThrow(ctx, def.chapterId);
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .insert(sources)
      .values({ ...def, intervalMinutes: def.intervalMinutes ?? 60 })
      .onConflictDoUpdate({
        target: sources.id,
        set: {
          // Pointing a source somewhere else starts it afresh: no old cursor or validators.
          feedCursor: sql`case when ${sources.url} = excluded.url then ${sources.feedCursor} else null end`,
          etag: sql`case when ${sources.url} = excluded.url then ${sources.etag} else null end`,
          lastModified: sql`case when ${sources.url} = excluded.url then ${sources.lastModified} else null end`,
          url: def.url,
          kind: def.kind,
          chapterId: def.chapterId,
          intervalMinutes: def.intervalMinutes ?? 60,
          deletedAt: null,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    await auditSource(w, 'source.upsert', row!);
    return row!;
  });
}

/** One answer for "no such source" and "not yours", so ids cannot be probed. */
export const sourceNotFound = (sourceId: string) =>
  new DomainError('not_found', `No source with id "${sourceId}"`);

export async function getSourceOrThrow(ctx: ServiceCtx, sourceId: string): Promise<SourceRow> {
  const [row] = await ctx.db
    .select()
    .from(sources)
    .where(and(eq(sources.id, sourceId), isNull(sources.deletedAt)));
  if (!row) throw sourceNotFound(sourceId);
  return row;
}

/** What happens to a removed source's events: kept as the hub's own, or removed with it. */
export type RemovedSourceEvents = 'keep' | 'remove';

/**
 * Removing a source stops syncing and settles its events: `keep` makes them
 * the hub's own (organisers can edit them; nothing imports over them again),
 * `remove` tombstones them, so mirrors and calendars drop them too. Whatever
 * it still held for review is withdrawn.
 */
export async function removeSource(
  ctx: ServiceCtx,
  sourceId: string,
  options: { events: RemovedSourceEvents } = { events: 'keep' },
): Promise<void> {
  await withTransaction(ctx, async (w) => {
    const source = await getSourceOrThrow(w, sourceId);
    await w.db
      .update(sources)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(sources.id, sourceId));
    const theirs = eq(events.sourceId, sourceId);
    if (options.events === 'remove') await removeEvents(w, theirs);
    else await detachEvents(w, theirs);
    await withdrawSourceItems(w, sourceId);
    await auditSource(w, 'source.delete', source);
  });
}

/** Makes a source due now (the worker picks it up on its next tick). */
export async function requestSync(ctx: ServiceCtx, sourceId: string): Promise<void> {
  await withTransaction(ctx, async (w) => {
    const source = await getSourceOrThrow(w, sourceId);
    await w.db.update(sources).set({ nextAttemptAt: sql`now()` }).where(eq(sources.id, sourceId));
    await auditSource(w, 'source.sync', source);
  });
}
