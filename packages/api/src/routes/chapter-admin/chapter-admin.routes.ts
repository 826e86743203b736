import { createRoute } from '@hono/zod-openapi';
import { Chapter, ChapterInput, ChapterPatch } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

export const createChapterRoute = createRoute({
  method: 'post',
  path: '/v1/chapters',
  operationId: 'createChapter',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Chapters'],
  summary: 'Create a chapter',
  description:
    'Adds a chapter that this instance is authoritative for. Its id is a permanent slug: a taken id (even of a removed chapter) is a 409. The parent must already exist.',
  request: { body: jsonBody(ChapterInput) },
  responses: {
    201: createdJson(Chapter, 'The new chapter'),
    ...writeErrorResponses(403),
  },
});

export const updateChapterRoute = createRoute({
  method: 'patch',
  path: '/v1/chapters/{chapterId}',
  operationId: 'updateChapter',
  ...policy({ access: access.chapter('chapters:write'), caching: CACHING.private }),
  tags: ['Chapters'],
  summary: 'Update a chapter',
  description:
    'Changes the given fields; `null` clears an optional one. Only chapters whose origin is this instance can be changed here (409 otherwise: change it on its own instance). The change appears in `/v1/changes`.',
  request: { params: ChapterParams, body: jsonBody(ChapterPatch) },
  responses: {
    200: json(Chapter, 'The updated chapter'),
    ...writeErrorResponses(404),
  },
});
