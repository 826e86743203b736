import { createRoute, z } from '@hono/zod-openapi';
import { Chapter, ChapterListQuery, page, Slug } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';

export const ChapterPage = page(Chapter, 'ChapterPage', 'A page of chapters, ordered by id');
export const ChapterParams = z.object({ chapterId: Slug.meta({ example: 'wales' }) });

export const listChaptersRoute = createRoute({
  method: 'get',
  path: '/v1/chapters',
  operationId: 'listChapters',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Chapters'],
  summary: 'List chapters',
  description:
    'Chapters ordered by id, filtered by country, kind, parent, status or a search over their names and descriptions. Cursor-paginated.',
  request: { query: ChapterListQuery },
  responses: {
    200: okJson(ChapterPage, 'A page of chapters', true),
    304: notModified,
    ...errorResponses(400, 500),
  },
});

export const getChapterRoute = createRoute({
  method: 'get',
  path: '/v1/chapters/{chapterId}',
  operationId: 'getChapter',
  ...policy({ access: access.anonymous, caching: CACHING.directory }),
  tags: ['Chapters'],
  summary: 'Get a chapter',
  request: { params: ChapterParams },
  responses: {
    200: okJson(Chapter, 'The chapter'),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});
