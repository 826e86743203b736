import { randomUUID } from 'node:crypto';
import {
  Accept,
  Activity,
  type Federation,
  Follow,
  type InboxContext,
  isActor,
  Undo,
} from '@fedify/fedify';
import { and, eq, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { activitypubFollowers } from '../db/schema/index.js';
import type { ApContextData } from './chapter-actor.js';
import { findLocalChapter } from './chapter-profile.js';
import { enqueueDeliveries } from './delivery/enqueue.js';
import { AP_PATHS } from './paths.js';

export interface InboxDeps {
  db: Db;
  logger: Logger;
  origin: string;
}

/**
 * What a chapter does with what it receives: a Follow is accepted at once (the
 * Accept is queued for the worker, which signs and sends it under the outbound
 * rules), an Undo of a Follow removes the follower, and everything else is
 * acknowledged (202) and ignored. Fedify has verified the HTTP signature before
 * any of this runs; unsigned or forged requests are refused with 401.
 */
export function listenOnInboxes(federation: Federation<ApContextData>, deps: InboxDeps): void {
  federation
    .setInboxListeners(AP_PATHS.inbox, AP_PATHS.sharedInbox)
    .on(Follow, (ctx, follow) => acceptFollow(ctx, follow, deps))
    .on(Undo, (ctx, undo) => undoFollow(ctx, undo, deps))
    .on(Activity, () => {})
    .onError((_ctx, error) => {
      deps.logger.warn({ err: error }, 'activitypub inbox activity not processed');
    });
}

async function acceptFollow(
  ctx: InboxContext<ApContextData>,
  follow: Follow,
  deps: InboxDeps,
): Promise<void> {
  if (!follow.id || !follow.actorId || !follow.objectId) return;
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== 'actor') return;
  const chapter = await findLocalChapter(deps.db, deps.origin, target.identifier);
  if (!chapter) return;
  const follower = await follow.getActor(ctx);
  // The follower must be who signed for it, and must have somewhere to receive.
  if (!isActor(follower) || !follower.id || !follower.inboxId) return;
  if (follower.id.href !== follow.actorId.href) return;
  const chapterUri = ctx.getActorUri(chapter.id);
  const accept = new Accept({
    id: new URL(`${chapterUri.href}#accepts/${randomUUID()}`),
    actor: chapterUri,
    object: follow,
    to: follower.id,
  });
  const activity = (await accept.toJsonLd({ format: 'compact' })) as Record<string, unknown>;
  const row = {
    chapterId: chapter.id,
    actorId: follower.id.href,
    inbox: follower.inboxId.href,
    sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
    followId: follow.id.href,
  };
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(activitypubFollowers)
      .values(row)
      .onConflictDoUpdate({
        target: [activitypubFollowers.chapterId, activitypubFollowers.actorId],
        set: { inbox: row.inbox, sharedInbox: row.sharedInbox, followId: row.followId },
      });
    await enqueueDeliveries(tx as unknown as Db, [
      { chapterId: chapter.id, inbox: row.inbox, activity },
    ]);
  });
  deps.logger.info({ chapterId: chapter.id, follower: row.actorId }, 'activitypub follow accepted');
}

async function undoFollow(
  ctx: InboxContext<ApContextData>,
  undo: Undo,
  deps: InboxDeps,
): Promise<void> {
  if (!undo.actorId || !undo.objectId) return;
  // Servers embed the Follow they undo; when it is only a link, match it by id.
  const object = await undo
    .getObject({
      documentLoader: ctx.documentLoader,
      contextLoader: ctx.contextLoader,
      suppressError: true,
    })
    .catch(() => null);
  if (object && !(object instanceof Follow)) return;
  const actorId = undo.actorId.href;
  const target = object?.objectId ? ctx.parseUri(object.objectId) : null;
  const removed = await deps.db
    .delete(activitypubFollowers)
    .where(
      and(
        eq(activitypubFollowers.actorId, actorId),
        or(
          eq(activitypubFollowers.followId, undo.objectId.href),
          target?.type === 'actor'
            ? eq(activitypubFollowers.chapterId, target.identifier)
            : undefined,
        ),
      ),
    )
    .returning({ chapterId: activitypubFollowers.chapterId });
  if (removed.length > 0) {
    deps.logger.info({ follower: actorId, chapters: removed.length }, 'activitypub unfollowed');
  }
}
