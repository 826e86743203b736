import { createFederation, type Federation, MemoryKvStore, parseSemVer } from '@fedify/fedify';
import { and, count, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { activitypubFollowers } from '../db/schema/index.js';
import { type ApContextData, chapterActor } from './chapter-actor.js';
import { countLocalChapters, findLocalChapter } from './chapter-profile.js';
import { guardedDocumentLoader } from './document-loader.js';
import { listenOnInboxes } from './inbox.js';
import { chapterKeyPairs } from './keys.js';
import { countLocalEvents } from './local-events.js';
import { AP_PATHS } from './paths.js';

export interface HubFederationDeps {
  db: Db;
  logger: Logger;
  /** PUBLIC_URL: actor ids and handles are built from it, never from the request. */
  origin: string;
  version: string;
  /** Hosts, IPs or CIDRs remote actors may resolve to although private. */
  allowList: string[];
}

/**
 * The hub's Fedify application: one `Group` actor per chapter whose records
 * originate here, WebFinger, NodeInfo 2.1, key pairs from the database and
 * the inboxes. Every remote document (actors, keys) is fetched through the
 * hub's guarded fetch. Fedify's key-value store only caches (remote keys and
 * documents, inbox de-duplication), so an in-process store is enough.
 */
export function createHubFederation(deps: HubFederationDeps): Federation<ApContextData> {
  const userAgent = `oneteamgov-hub/${deps.version} (+${deps.origin})`;
  const loader = guardedDocumentLoader({ allowList: deps.allowList, userAgent });
  const federation = createFederation<ApContextData>({
    kv: new MemoryKvStore(),
    origin: deps.origin,
    documentLoaderFactory: () => loader,
    contextLoaderFactory: () => loader,
    // Signed fetches are not needed to read public actors; unsigned ones keep
    // every request on the guarded path.
    authenticatedDocumentLoaderFactory: () => loader,
  });

  federation
    .setActorDispatcher(AP_PATHS.actor, async (ctx, identifier) => {
      const chapter = await findLocalChapter(deps.db, deps.origin, identifier);
      return chapter ? chapterActor(ctx, chapter) : null;
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      const chapter = await findLocalChapter(deps.db, deps.origin, identifier);
      return chapter ? chapterKeyPairs(deps.db, chapter.id) : [];
    });

  // Who follows a chapter is theirs to show, not ours: the collection gives
  // the count only.
  federation
    .setFollowersDispatcher(AP_PATHS.followers, async (_ctx, identifier) => {
      const chapter = await findLocalChapter(deps.db, deps.origin, identifier);
      return chapter ? { items: [] } : null;
    })
    .setCounter(async (_ctx, identifier) => {
      const [row] = await deps.db
        .select({ n: count() })
        .from(activitypubFollowers)
        .where(and(eq(activitypubFollowers.chapterId, identifier)));
      return row?.n ?? 0;
    });

  federation.setNodeInfoDispatcher(AP_PATHS.nodeInfo, async () => ({
    software: {
      name: 'oneteamgov-hub',
      version: parseSemVer(semverOf(deps.version)),
      homepage: new URL(deps.origin),
    },
    protocols: ['activitypub'],
    openRegistrations: false,
    usage: {
      users: { total: await countLocalChapters(deps.db, deps.origin) },
      localPosts: await countLocalEvents(deps.db, deps.origin),
      localComments: 0,
    },
  }));

  listenOnInboxes(federation, deps);
  return federation;
}

/** NodeInfo wants SemVer; a build string such as `0.1.0-dev+abc` passes, anything else reads 0.0.0. */
function semverOf(version: string): string {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version)
    ? version
    : '0.0.0';
}
