import { createRoute, z } from '@hono/zod-openapi';
import {
  Id,
  Slug,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookListQuery,
  WebhookPage,
  WebhookUpdate,
  WebhookWithSecret,
} from '@oneteamgov/schema';
import { access, policy } from '../../auth/route-policy.js';
import { CACHING } from '../../lib/cache.js';
import { notModified, okJson } from '../../lib/openapi-responses.js';
import { errorResponses } from '../../lib/problem.js';
import { createdJson, json, jsonBody, writeErrorResponses } from '../../lib/write-responses.js';

const WebhookParams = z.object({ webhookId: Id.meta({ example: 'whk_4f1c2b9a0d3e7f61' }) });
const DeliveryParams = WebhookParams.extend({
  deliveryId: Id.meta({ example: 'whd_0c1d2e3f4a5b6c7d' }),
});
const ACCESS =
  'Admin keys manage every endpoint; a key with `webhooks:write` on a chapter manages endpoints that listen to its own chapters only.';

const common = { tags: ['Webhooks'] };

export const createWebhookRoute = createRoute({
  ...common,
  method: 'post',
  path: '/v1/webhooks',
  operationId: 'createWebhook',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Subscribe an endpoint to domain events',
  description: `Every matching change is POSTed to \`url\`, signed with Standard Webhooks headers (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`). The response carries the signing secret: it is shown only now. ${ACCESS}`,
  request: { body: jsonBody(WebhookCreate) },
  responses: {
    201: createdJson(WebhookWithSecret, 'The endpoint, with its signing secret (shown once)'),
    ...writeErrorResponses(404),
  },
});

export const listWebhooksRoute = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks',
  operationId: 'listWebhooks',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'List webhook endpoints',
  description: `Newest first, never the secrets. ${ACCESS}`,
  request: {
    query: WebhookListQuery.extend({
      chapter: Slug.optional().meta({ description: 'Only endpoints that listen to this chapter' }),
    }),
  },
  responses: {
    200: okJson(WebhookPage, 'A page of endpoints', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const getWebhookRoute = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks/{webhookId}',
  operationId: 'getWebhook',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Get a webhook endpoint',
  request: { params: WebhookParams },
  responses: {
    200: okJson(Webhook, 'The endpoint (never its secret)'),
    304: notModified,
    ...errorResponses(404, 500),
  },
});

export const updateWebhookRoute = createRoute({
  ...common,
  method: 'patch',
  path: '/v1/webhooks/{webhookId}',
  operationId: 'updateWebhook',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Change a webhook endpoint',
  description:
    'Change its URL, events or chapters; `status: "enabled"` re-enables a disabled endpoint.',
  request: { params: WebhookParams, body: jsonBody(WebhookUpdate) },
  responses: {
    200: json(Webhook, 'The endpoint as it is now'),
    ...writeErrorResponses(404),
  },
});

export const deleteWebhookRoute = createRoute({
  ...common,
  method: 'delete',
  path: '/v1/webhooks/{webhookId}',
  operationId: 'deleteWebhook',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Delete a webhook endpoint',
  description: 'Nothing more is sent to it, including deliveries still waiting.',
  request: { params: WebhookParams },
  responses: {
    204: { description: 'Deleted' },
    ...writeErrorResponses(404),
  },
});

export const rotateWebhookSecretRoute = createRoute({
  ...common,
  method: 'post',
  path: '/v1/webhooks/{webhookId}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Rotate the signing secret',
  description:
    'Returns a new secret (shown once). For 24 hours deliveries carry signatures under both the old and the new secret, so receivers can switch without missing a message.',
  request: { params: WebhookParams },
  responses: {
    200: json(WebhookWithSecret, 'The endpoint with its new secret'),
    ...writeErrorResponses(404),
  },
});

export const testWebhookRoute = createRoute({
  ...common,
  method: 'post',
  path: '/v1/webhooks/{webhookId}/test',
  operationId: 'testWebhook',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Send a test delivery',
  description:
    'Queues a `webhook.test` message to the endpoint, signed like any other; follow it in the deliveries list.',
  request: { params: WebhookParams },
  responses: {
    202: json(WebhookDelivery, 'The queued delivery'),
    ...writeErrorResponses(404),
  },
});

export const listWebhookDeliveriesRoute = createRoute({
  ...common,
  method: 'get',
  path: '/v1/webhooks/{webhookId}/deliveries',
  operationId: 'listWebhookDeliveries',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Deliveries to an endpoint',
  description:
    'Newest first: every attempt with its status code, latency and at most 1 KB of the answer, the next attempt and the last error.',
  request: { params: WebhookParams, query: WebhookListQuery },
  responses: {
    200: okJson(WebhookDeliveryPage, 'A page of deliveries', true),
    304: notModified,
    ...errorResponses(400, 404, 500),
  },
});

export const retryWebhookDeliveryRoute = createRoute({
  ...common,
  method: 'post',
  path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
  operationId: 'retryWebhookDelivery',
  ...policy({ access: access.owner('webhooks:write'), caching: CACHING.private }),
  summary: 'Send a delivery again now',
  description: 'With the same `webhook-id`, so a receiver that already has it can ignore it.',
  request: { params: DeliveryParams },
  responses: {
    202: json(WebhookDelivery, 'The delivery, queued again'),
    ...writeErrorResponses(404),
  },
});
