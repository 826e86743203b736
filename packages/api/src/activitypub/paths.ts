/**
 * Where the ActivityPub documents live. Fedify routes the actor, inbox and
 * followers paths; the outbox and event objects are served by our own routes
 * (so their JSON can carry Mobilizon's and schema.org's extension terms), and
 * both sides build URLs from these templates, so they cannot disagree.
 */
export const AP_PATHS = {
  actor: '/ap/chapters/{identifier}',
  inbox: '/ap/chapters/{identifier}/inbox',
  followers: '/ap/chapters/{identifier}/followers',
  sharedInbox: '/ap/inbox',
  nodeInfo: '/nodeinfo/2.1',
} as const;

const base = (origin: string) => origin.replace(/\/$/, '');

export function actorUrl(origin: string, chapterId: string): string {
  return `${base(origin)}/ap/chapters/${encodeURIComponent(chapterId)}`;
}

export function outboxUrl(origin: string, chapterId: string): string {
  return `${actorUrl(origin, chapterId)}/outbox`;
}

export function followersUrl(origin: string, chapterId: string): string {
  return `${actorUrl(origin, chapterId)}/followers`;
}

/** The ActivityPub id of an event (its human page is eventPageUrl, in `url`). */
export function eventObjectUrl(origin: string, eventId: string): string {
  return `${base(origin)}/ap/events/${encodeURIComponent(eventId)}`;
}

export const ACTIVITY_JSON = 'application/activity+json';
export const PUBLIC_AUDIENCE = 'https://www.w3.org/ns/activitystreams#Public';
