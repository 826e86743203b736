import { createRoute, z } from '@hono/zod-openapi';
import {
  Event,
  EventModeration,
  HiddenEventPage,
  HiddenListQuery,
  HideInput,
  Id,
  ModerationDecision,
  ModerationListQuery,
  ModerationPage,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';

const tags = ['Moderation'];
const moderators = policy({ access: access.owner('events:moderate'), caching: CACHING.private });
const WHO =
  'Admin keys moderate every chapter; a key with `events:moderate` on a chapter moderates that chapter’s events (others get 404, as for something that does not exist).';

const ItemParams = z.object({ itemId: Id.meta({ example: 'mod_3kT9pQ2rWm8x' }) });
const EventParams = z.object({ eventId: Id.meta({ example: 'evt_3f9c0a1b2c3d4e5f' }) });

export const listModerationRoute = createRoute({
  method: 'get',
  path: '/v1/moderation',
  operationId: 'listModeration',
  ...moderators,
  tags,
  summary: 'List imports waiting for a moderator',
  description: `Items held back from the public, oldest first: \`new\` and \`changed\` imports of sources with \`review: true\`, and removals the delete breaker held (any source). Each shows the event as it would be published and, for \`changed\`, as the public sees it now. ${WHO} Cursor-paginated.`,
  request: { query: ModerationListQuery },
  responses: {
    200: okJson(ModerationPage, 'A page of held items', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

const decisionRoute = (decision: 'approve' | 'reject', description: string) =>
  createRoute({
    method: 'post',
    path: `/v1/moderation/{itemId}/${decision}`,
    operationId: `${decision}ModerationItem`,
    ...moderators,
    tags,
    summary: decision === 'approve' ? 'Publish a held item' : 'Reject a held item',
    description: `${description} ${WHO} 409 when the item was already decided.`,
    request: { params: ItemParams },
    responses: {
      200: json(ModerationDecision, 'The decision'),
      ...writeErrorResponses(404),
    },
  });

export const approveItemRoute = decisionRoute(
  'approve',
  'A `new` or `changed` item goes live exactly as shown in the queue; a `removed` item removes the event (a tombstone).',
);
export const rejectItemRoute = decisionRoute(
  'reject',
  'The public keeps seeing what it saw. The same upstream content is not queued again: the item stays rejected until the feed changes that event.',
);

export const hideEventRoute = createRoute({
  method: 'post',
  path: '/v1/events/{eventId}/hide',
  operationId: 'hideEvent',
  ...moderators,
  tags,
  summary: 'Hide an event from every public output',
  description: `Pushed, imported and federated events alike. A hidden event answers 404 and leaves the lists, calendars, JSON-LD and the embed; the change feed carries a tombstone and webhooks get \`event.deleted\`. It stays hidden across syncs until unhidden. The reason is kept for moderators and the action is audited. ${WHO}`,
  request: { params: EventParams, body: jsonBody(HideInput) },
  responses: {
    200: json(EventModeration, 'The event is hidden'),
    ...writeErrorResponses(404),
  },
});

export const unhideEventRoute = createRoute({
  method: 'post',
  path: '/v1/events/{eventId}/unhide',
  operationId: 'unhideEvent',
  ...moderators,
  tags,
  summary: 'Show a hidden event again',
  description: `The event reappears everywhere; webhooks get \`event.created\`. Unhiding a visible event changes nothing. ${WHO}`,
  request: { params: EventParams },
  responses: {
    200: json(EventModeration, 'The event is public again'),
    ...writeErrorResponses(404),
  },
});

export const listHiddenRoute = createRoute({
  method: 'get',
  path: '/v1/moderation/hidden',
  operationId: 'listHiddenEvents',
  ...moderators,
  tags,
  summary: 'List hidden events with their reasons',
  description: `Most recently hidden first. ${WHO} Cursor-paginated.`,
  request: { query: HiddenListQuery },
  responses: {
    200: okJson(HiddenEventPage, 'A page of hidden events', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const takeOverEventRoute = createRoute({
  method: 'post',
  path: '/v1/events/{eventId}/take-over',
  operationId: 'takeOverEvent',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags,
  summary: 'Detach an imported event from its feed',
  description:
    'The event becomes the hub’s own: its feed no longer updates or removes it, this instance becomes its origin, and organisers with `events:write` can edit it. 409 for an event that is not imported. Admin keys only.',
  request: { params: EventParams },
  responses: {
    200: json(Event, 'The event, now the hub’s'),
    ...writeErrorResponses(403, 404),
  },
});
