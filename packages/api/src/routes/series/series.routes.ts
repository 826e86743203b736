import { createRoute, z } from '@hono/zod-openapi';
import { Id, Series, SeriesInput, SeriesPatch } from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';
import { ChapterParams } from '../chapters/chapters.routes.js';

const SeriesParams = z.object({ seriesId: Id.meta({ example: 'ser_3f9c0a1b2c3d4e5f' }) });

const RULES = `The RRULE repeats at most daily and may have at most 1000 occurrences between 30 days ago and 400 days ahead; rules that match no date, or take too long to expand, are refused with a 400 pointing at the field.`;

export const createSeriesRoute = createRoute({
  method: 'post',
  path: '/v1/chapters/{chapterId}/series',
  operationId: 'createSeries',
  ...policy({ access: access.chapter('events:write'), caching: CACHING.private }),
  tags: ['Series'],
  summary: 'Publish a recurring series',
  description: `Creates a series (an RFC 5545 RRULE at a local time in a time zone, e.g. "3rd Tuesday, 18:00 Europe/London") and its occurrences as events straight away, each with a stable id; the window rolls forward daily. ${RULES}`,
  request: { params: ChapterParams, body: jsonBody(SeriesInput) },
  responses: {
    201: createdJson(Series, 'The new series'),
    ...writeErrorResponses(404),
  },
});

export const getSeriesRoute = createRoute({
  method: 'get',
  path: '/v1/series/{seriesId}',
  operationId: 'getSeries',
  ...policy({ access: access.anonymous, caching: CACHING.listing }),
  tags: ['Series'],
  summary: 'Get a recurring series',
  description: 'The rule, the shared fields, and the next occurrences (each an event).',
  request: { params: SeriesParams },
  responses: {
    200: okJson(Series, 'The series'),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const updateSeriesRoute = createRoute({
  method: 'patch',
  path: '/v1/series/{seriesId}',
  operationId: 'updateSeries',
  ...policy({ access: access.owner('events:write'), caching: CACHING.private }),
  tags: ['Series'],
  summary: 'Change a whole series',
  description: `Changes the rule, times or shared fields of every occurrence and re-creates the occurrences. Changes made to single occurrences (PATCH /v1/events/{eventId}) are kept for the occurrences the new rule still has; occurrences it no longer has are deleted. ${RULES}`,
  request: { params: SeriesParams, body: jsonBody(SeriesPatch) },
  responses: {
    200: json(Series, 'The updated series'),
    ...writeErrorResponses(404),
  },
});

export const deleteSeriesRoute = createRoute({
  method: 'delete',
  path: '/v1/series/{seriesId}',
  operationId: 'deleteSeries',
  ...policy({ access: access.owner('events:write'), caching: CACHING.private }),
  tags: ['Series'],
  summary: 'Delete a series',
  description:
    'Deletes the series and every occurrence (tombstones: `/v1/changes` reports them as `deleted`). It answers 404 from then on.',
  request: { params: SeriesParams },
  responses: {
    204: { description: 'Deleted' },
    ...writeErrorResponses(404),
  },
});
