import { Endpoints, Group, type RequestContext } from '@fedify/fedify';
import type { ChapterProfile } from './chapter-profile.js';
import { localizedValues } from './localized.js';
import { outboxUrl } from './paths.js';

export interface ApContextData {
  /** This instance's public origin (PUBLIC_URL). */
  origin: string;
}

/**
 * A chapter as a `Group` actor, shaped like Mobilizon's groups: its handle is
 * the chapter id, its name and summary come from the profile in every language
 * it has, and it accepts followers without approval.
 */
export async function chapterActor(
  ctx: RequestContext<ApContextData>,
  chapter: ChapterProfile,
): Promise<Group> {
  const keys = await ctx.getActorKeyPairs(chapter.id);
  const preferred = chapter.languages[0];
  const names = localizedValues(chapter.name, preferred);
  const summaries = localizedValues(chapter.description, preferred);
  return new Group({
    id: ctx.getActorUri(chapter.id),
    preferredUsername: chapter.id,
    names,
    summaries,
    url: chapter.website ? new URL(chapter.website) : ctx.getActorUri(chapter.id),
    inbox: ctx.getInboxUri(chapter.id),
    outbox: new URL(outboxUrl(ctx.canonicalOrigin, chapter.id)),
    followers: ctx.getFollowersUri(chapter.id),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
    manuallyApprovesFollowers: false,
    discoverable: true,
    indexable: true,
  });
}
