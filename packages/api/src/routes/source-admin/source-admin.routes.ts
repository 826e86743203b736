import { createRoute, z } from '@hono/zod-openapi';
import { Id, Source, SourceInput, SourcePatch, SyncRun } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

const SourceParams = z.object({ sourceId: Id.meta({ example: 'wales-google-calendar' }) });
const tags = ['Federation'];
const DeleteSourceQuery = z.object({
  events: z.enum(['keep', 'remove']).optional().meta({
    description: 'What happens to the source’s events: `keep` (default) or `remove`',
    example: 'remove',
  }),
});

export const createSourceRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/sources',
  operationId: 'createSource',
  ...policy({ access: access.chapter('sources:write'), caching: CACHING.private }),
  tags,
  summary: 'Add a feed source to a chapter',
  description:
    'The hub will pull the chapter’s events from this iCalendar URL or peer instance, first right away and then every `intervalMinutes`. The URL is kept private: responses show only its scheme and host.',
  request: { params: ChapterParams, body: jsonBody(SourceInput) },
  responses: {
    201: createdJson(Source, 'The new source'),
    ...writeErrorResponses(404),
  },
});

export const updateSourceRoute = createRoute({
  method: 'patch',
  path: '/v1/sources/{sourceId}',
  operationId: 'updateSource',
  ...policy({ access: access.owner('sources:write'), caching: CACHING.private }),
  tags,
  summary: 'Change a source’s URL or interval',
  request: { params: SourceParams, body: jsonBody(SourcePatch) },
  responses: {
    200: json(Source, 'The updated source'),
    ...writeErrorResponses(404),
  },
});

export const deleteSourceRoute = createRoute({
  method: 'delete',
  path: '/v1/sources/{sourceId}',
  operationId: 'deleteSource',
  ...policy({ access: access.owner('sources:write'), caching: CACHING.private }),
  tags,
  summary: 'Remove a source',
  description:
    'Syncing stops, and `events` says what happens to the events it brought in: `keep` (the default) makes them the hub’s own, editable by the chapter’s organisers; `remove` deletes them (tombstones, so mirrors and calendar subscribers drop them too). Imports it held for review are withdrawn.',
  request: { params: SourceParams, query: DeleteSourceQuery },
  responses: {
    204: { description: 'Removed' },
    ...writeErrorResponses(404),
  },
});

export const syncSourceRoute = createRoute({
  method: 'post',
  path: '/v1/sources/{sourceId}/sync',
  operationId: 'syncSource',
  ...policy({ access: access.owner('sources:write'), caching: CACHING.private }),
  tags,
  summary: 'Sync a source soon',
  description: 'Makes the source due now; a sync worker picks it up on its next tick.',
  request: { params: SourceParams },
  responses: {
    202: json(Source, 'Accepted: the source is due now'),
    ...writeErrorResponses(404),
  },
});

export const approveSourceRoute = createRoute({
  method: 'post',
  path: '/v1/sources/{sourceId}/approve',
  operationId: 'approveSource',
  ...policy({ access: access.owner('sources:write'), caching: CACHING.private }),
  tags,
  summary: 'Approve the removals a held run was holding',
  description:
    'For a source in `needsReview`: syncs it now with mass removal allowed and returns that run. The feed is re-read, so only removals still true now are applied. 409 when nothing is held or when the source is being synced at this moment.',
  request: { params: SourceParams },
  responses: {
    202: json(SyncRun, 'The approved run'),
    ...writeErrorResponses(404, 503),
  },
});
