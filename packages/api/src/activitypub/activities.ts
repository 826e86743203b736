import { Create, Delete, Tombstone, Update } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Event as HubEvent } from '@oneteamgov/schema';
import { eventVocab, withContext, withEventExtras } from './event-object.js';
import { actorUrl, eventObjectUrl, followersUrl, PUBLIC_AUDIENCE } from './paths.js';

type Json = Record<string, unknown>;

const audience = (origin: string, chapterId: string) => ({
  to: new URL(PUBLIC_AUDIENCE),
  cc: new URL(followersUrl(origin, chapterId)),
});

/**
 * `Create` of an event: what the outbox lists and what followers receive when
 * it is published. Its id is stable, so the same event is never created twice.
 */
export async function createActivity(origin: string, event: HubEvent): Promise<Json> {
  const objectId = eventObjectUrl(origin, event.id);
  const activity = new Create({
    id: new URL(`${objectId}#create`),
    actor: new URL(actorUrl(origin, event.chapterId)),
    object: eventVocab(origin, event),
    published: Temporal.Instant.from(event.createdAt),
    ...audience(origin, event.chapterId),
  });
  return compactWithEvent(activity, event);
}

/**
 * `Update` of an event: edits, reschedules and cancellations (a cancelled
 * event carries `ical:status` CANCELLED, as Mobilizon sends it). `messageId`
 * is the outbox message, so each change has its own activity id.
 */
export async function updateActivity(
  origin: string,
  event: HubEvent,
  messageId: string,
  at: string,
): Promise<Json> {
  const objectId = eventObjectUrl(origin, event.id);
  const activity = new Update({
    id: new URL(`${objectId}#update-${messageId}`),
    actor: new URL(actorUrl(origin, event.chapterId)),
    object: eventVocab(origin, event),
    published: Temporal.Instant.from(at),
    ...audience(origin, event.chapterId),
  });
  return compactWithEvent(activity, event);
}

/** `Delete` of a removed event, its object a `Tombstone` that was an `Event`. */
export async function deleteActivity(
  origin: string,
  ref: { id: string; chapterId: string },
  messageId: string,
  at: string,
): Promise<Json> {
  const objectId = eventObjectUrl(origin, ref.id);
  const activity = new Delete({
    id: new URL(`${objectId}#delete-${messageId}`),
    actor: new URL(actorUrl(origin, ref.chapterId)),
    object: new Tombstone({
      id: new URL(objectId),
      deleted: Temporal.Instant.from(at),
    }),
    published: Temporal.Instant.from(at),
    ...audience(origin, ref.chapterId),
  });
  const json = (await activity.toJsonLd({ format: 'compact' })) as Json;
  // `formerType` is ActivityStreams vocabulary Fedify's Tombstone does not model.
  return { ...json, object: { ...(json.object as Json), formerType: 'Event' } };
}

async function compactWithEvent(activity: Create | Update, event: HubEvent): Promise<Json> {
  const json = (await activity.toJsonLd({ format: 'compact' })) as Json;
  return withContext({ ...json, object: withEventExtras(json.object as Json, event) });
}
