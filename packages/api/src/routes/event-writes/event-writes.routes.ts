import { createRoute, z } from '@hono/zod-openapi';
import {
  Event,
  EventCreateInput,
  EventInput,
  EventPatch,
  ExternalId,
  Id,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

const EventParams = z.object({ eventId: Id.meta({ example: 'evt_3f9c0a1b2c3d4e5f' }) });
const ExternalParams = ChapterParams.extend({ externalId: ExternalId });

const SYNCED_409 =
  'Events imported from a feed (provenance.sourceKind `instance` or `ics`) cannot be changed here: 409, change them at the source.';

export const createEventRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/events',
  operationId: 'createEvent',
  ...policy({ access: access.chapter('events:write'), caching: CACHING.private }),
  tags: ['Events'],
  summary: 'Publish an event',
  description:
    'Creates an event in the chapter; this instance becomes its origin and it appears in `/v1/changes` and the calendars. An optional `externalId` (your own id) must be unique in the chapter (409 otherwise). Send an `Idempotency-Key` to retry safely.',
  request: { params: ChapterParams, body: jsonBody(EventCreateInput) },
  responses: {
    201: createdJson(Event, 'The new event'),
    ...writeErrorResponses(404),
  },
});

export const putExternalEventRoute = createRoute({
  method: 'put',
  path: '/v1/chapters/{chapterId}/events/external/{externalId}',
  operationId: 'putEventByExternalId',
  ...policy({ access: access.chapter('events:write'), caching: CACHING.private }),
  tags: ['Events'],
  summary: 'Create or replace an event by your own id',
  description:
    'Upserts the chapter’s event with this `externalId`: 201 when it is new, 200 when it replaced the stored one (a full replacement: fields left out are cleared). A deleted event with this id is restored. Sending the same content again changes nothing; a change bumps `sequence`, and a new start keeps the old one in `previousStartsAt`.',
  request: { params: ExternalParams, body: jsonBody(EventInput) },
  responses: {
    200: json(Event, 'The replaced event'),
    201: createdJson(Event, 'The new event'),
    ...writeErrorResponses(404),
  },
});

export const updateEventRoute = createRoute({
  method: 'patch',
  path: '/v1/events/{eventId}',
  operationId: 'updateEvent',
  ...policy({ access: access.owner('events:write'), caching: CACHING.private }),
  tags: ['Events'],
  summary: 'Change, cancel or reschedule an event',
  description: `Changes the given fields (\`null\` clears an optional one); the result must still be a valid event. \`{ "status": "cancelled" }\` cancels it (it stays listed, and calendars get STATUS:CANCELLED). A new \`startsAt\` reschedules: \`previousStartsAt\` keeps the old start and the status becomes \`rescheduled\` unless you send one. Every material change bumps \`sequence\`. For an occurrence of a series the change is kept as that occurrence's override, so it survives changes to the series. ${SYNCED_409}`,
  request: { params: EventParams, body: jsonBody(EventPatch) },
  responses: {
    200: json(Event, 'The updated event'),
    ...writeErrorResponses(404),
  },
});

export const deleteEventRoute = createRoute({
  method: 'delete',
  path: '/v1/events/{eventId}',
  operationId: 'deleteEvent',
  ...policy({ access: access.owner('events:write'), caching: CACHING.private }),
  tags: ['Events'],
  summary: 'Delete an event',
  description: `Removes the event: it answers 404 from then on (so does deleting it again) and \`/v1/changes\` reports it as \`deleted\`. To keep it visible as called off, cancel it instead. Deleting an occurrence of a series adds an EXDATE to the series, so it is not re-created. ${SYNCED_409}`,
  request: { params: EventParams },
  responses: {
    204: { description: 'Deleted' },
    ...writeErrorResponses(404),
  },
});
