import { createRoute, z } from '@hono/zod-openapi';
import {
  ApiKey,
  ApiKeyInput,
  ApiKeyListQuery,
  ApiKeyPage,
  CreatedApiKey,
  Id,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { createdJson, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';

const KeyParams = z.object({ keyId: Id.meta({ example: 'key_3f9c0a1b2c3d4e5f' }) });

export const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/keys',
  operationId: 'createKey',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Keys'],
  summary: 'Create an API key',
  description:
    'Makes a key with the given grants. The response is the only time the secret is shown: only its hash is stored, so keep it safe or make a new key.',
  request: { body: jsonBody(ApiKeyInput) },
  responses: {
    201: createdJson(CreatedApiKey, 'The new key, with its secret (shown once)'),
    ...writeErrorResponses(403),
  },
});

export const listKeysRoute = createRoute({
  method: 'get',
  path: '/v1/keys',
  operationId: 'listKeys',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Keys'],
  summary: 'List API keys',
  description: 'Every key, newest first, revoked and expired ones included. Never the secrets.',
  request: { query: ApiKeyListQuery },
  responses: {
    200: okJson(ApiKeyPage, 'A page of keys', true),
    304: notModified,
    ...errorResponses(400, 403, 500),
  },
});

export const currentKeyRoute = createRoute({
  method: 'get',
  path: '/v1/keys/current',
  operationId: 'getCurrentKey',
  ...policy({ access: access.anyKey, caching: CACHING.private }),
  tags: ['Keys'],
  summary: 'The key making this call',
  description:
    'Any valid key may ask about itself: its grants, expiry and when it was last used. Useful to check what an integration is allowed to do.',
  security: [{ bearerAuth: [] }],
  responses: {
    200: okJson(ApiKey, 'The calling key'),
    304: notModified,
    ...errorResponses(500),
  },
});

export const getKeyRoute = createRoute({
  method: 'get',
  path: '/v1/keys/{keyId}',
  operationId: 'getKey',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Keys'],
  summary: 'Get an API key',
  request: { params: KeyParams },
  responses: {
    200: okJson(ApiKey, 'The key (never its secret)'),
    304: notModified,
    ...errorResponses(400, 403, 404, 500),
  },
});

export const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/keys/{keyId}',
  operationId: 'revokeKey',
  ...policy({ access: access.admin, caching: CACHING.private }),
  tags: ['Keys'],
  summary: 'Revoke an API key',
  description:
    'Immediate and permanent: the key fails with 401 from the very next request. Revoking a revoked key is harmless and returns it unchanged.',
  request: { params: KeyParams },
  responses: {
    200: okJson(ApiKey, 'The revoked key'),
    ...writeErrorResponses(403, 404),
  },
});
