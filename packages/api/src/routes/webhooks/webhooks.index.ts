import type { Context } from 'hono';
import { chaptersWithDeclaredScope } from '../../auth/authorize.js';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/create-router.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import {
  listDeliveries,
  retryDelivery,
  sendTestDelivery,
} from '../../services/webhooks/deliveries.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhookRow,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookScope,
} from '../../services/webhooks/manage-webhooks.js';
import { toWebhook } from '../../services/webhooks/to-webhook.js';
import {
  createWebhookRoute,
  deleteWebhookRoute,
  getWebhookRoute,
  listWebhookDeliveriesRoute,
  listWebhooksRoute,
  retryWebhookDeliveryRoute,
  rotateWebhookSecretRoute,
  testWebhookRoute,
  updateWebhookRoute,
} from './webhooks.routes.js';

/** The chapters whose endpoints the key manages (null: all, for admin keys). */
const scopeOf = (c: Context<AppEnv>): WebhookScope => chaptersWithDeclaredScope(c);

export function webhooksRouter() {
  return createRouter()
    .openapi(createWebhookRoute, async (c) => {
      const created = await createWebhook(serviceCtx(c), {
        input: c.req.valid('json'),
        scope: scopeOf(c),
      });
      c.header('Location', `/v1/webhooks/${created.id}`);
      return c.json(created, 201);
    })
    .openapi(listWebhooksRoute, async (c) => {
      const page = await listWebhooks(serviceCtx(c), {
        ...c.req.valid('query'),
        scope: scopeOf(c),
      });
      const link = nextLink(c.req.url, page.nextCursor);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    })
    .openapi(getWebhookRoute, async (c) => {
      const row = await getWebhookRow(serviceCtx(c), {
        webhookId: c.req.valid('param').webhookId,
        scope: scopeOf(c),
      });
      return c.json(toWebhook(row), 200);
    })
    .openapi(updateWebhookRoute, async (c) => {
      const hook = await updateWebhook(serviceCtx(c), {
        webhookId: c.req.valid('param').webhookId,
        patch: c.req.valid('json'),
        scope: scopeOf(c),
      });
      return c.json(hook, 200);
    })
    .openapi(deleteWebhookRoute, async (c) => {
      await deleteWebhook(serviceCtx(c), {
        webhookId: c.req.valid('param').webhookId,
        scope: scopeOf(c),
      });
      return c.body(null, 204);
    })
    .openapi(rotateWebhookSecretRoute, async (c) => {
      const hook = await rotateWebhookSecret(serviceCtx(c), {
        webhookId: c.req.valid('param').webhookId,
        scope: scopeOf(c),
      });
      return c.json(hook, 200);
    })
    .openapi(testWebhookRoute, async (c) => {
      const delivery = await sendTestDelivery(serviceCtx(c), {
        webhookId: c.req.valid('param').webhookId,
        scope: scopeOf(c),
      });
      return c.json(delivery, 202);
    })
    .openapi(listWebhookDeliveriesRoute, async (c) => {
      const page = await listDeliveries(serviceCtx(c), {
        ...c.req.valid('query'),
        webhookId: c.req.valid('param').webhookId,
        scope: scopeOf(c),
      });
      const link = nextLink(c.req.url, page.nextCursor);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    })
    .openapi(retryWebhookDeliveryRoute, async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param');
      const delivery = await retryDelivery(serviceCtx(c), {
        webhookId,
        deliveryId,
        scope: scopeOf(c),
      });
      return c.json(delivery, 202);
    });
}
