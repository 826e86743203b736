import { createRoute, z } from '@hono/zod-openapi';
import { Id, Source, SourceInput, SourcePatch, SyncRun } from '@oneteamgov/schema';
import { keyRequired } from '../../auth/route-guards.js';
import { secured } from '../../lib/secured.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

const SourceParams = z.object({ sourceId: Id.meta({ example: 'wales-google-calendar' }) });
const tags = ['Federation'];
const guarded = { ...secured('sources:write'), middleware: keyRequired };

export const createSourceRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/sources',
  operationId: 'createSource',
  tags,
  summary: 'Add a feed source to a chapter',
  description:
    'The hub will pull the chapter’s events from this iCalendar URL or peer instance, first right away and then every `intervalMinutes`. The URL is kept private: responses show only its scheme and host.',
  ...guarded,
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
  tags,
  summary: 'Change a source’s URL or interval',
  ...guarded,
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
  tags,
  summary: 'Remove a source',
  description: 'Syncing stops. The events it brought in are kept.',
  ...guarded,
  request: { params: SourceParams },
  responses: {
    204: { description: 'Removed' },
    ...writeErrorResponses(404),
  },
});

export const syncSourceRoute = createRoute({
  method: 'post',
  path: '/v1/sources/{sourceId}/sync',
  operationId: 'syncSource',
  tags,
  summary: 'Sync a source soon',
  description: 'Makes the source due now; a sync worker picks it up on its next tick.',
  ...guarded,
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
  tags,
  summary: 'Approve the removals a held run was holding',
  description:
    'For a source in `needsReview`: syncs it now with mass removal allowed and returns that run. The feed is re-read, so only removals still true now are applied. 409 when nothing is held or when the source is being synced at this moment.',
  ...guarded,
  request: { params: SourceParams },
  responses: {
    202: json(SyncRun, 'The approved run'),
    ...writeErrorResponses(404, 503),
  },
});
