import { federation as fedifyMiddleware } from '@fedify/fedify/x/hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../lib/context.js';
import { createHubFederation } from './federation.js';
import { outboxRouter } from './outbox-routes.js';

/**
 * Chapters as fediverse actors: WebFinger, NodeInfo, actors, inboxes and
 * followers through Fedify, the outbox and event documents through our own
 * routes. None of these are JSON API operations, so, like /docs and /embed,
 * they stay out of the OpenAPI document; Fedify answers only the paths it owns
 * and hands everything else on.
 */
export function mountActivityPub(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const federation = createHubFederation({
    db: deps.db,
    logger: deps.logger,
    origin: deps.publicUrl,
    version: deps.version,
    allowList: deps.outboundAllowList ?? [],
  });
  const handle = fedifyMiddleware(federation, () => ({ origin: deps.publicUrl }));
  for (const path of ['/.well-known/webfinger', '/.well-known/nodeinfo', '/nodeinfo/*', '/ap/*']) {
    app.use(path, handle);
  }
  app.route('/', outboxRouter());
}
