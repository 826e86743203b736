import { requireAdmin, requireKey } from '../../auth/authorize.js';
import { createRouter } from '../../lib/create-router.js';
import { nextLink } from '../../lib/links.js';
import { serviceCtx } from '../../lib/service-context.js';
import { createKey } from '../../services/keys/create-key.js';
import { getKey, listKeys, revokeKey } from '../../services/keys/manage-keys.js';
import {
  createKeyRoute,
  currentKeyRoute,
  getKeyRoute,
  listKeysRoute,
  revokeKeyRoute,
} from './keys.routes.js';

export function keysRouter() {
  return (
    createRouter()
      .openapi(createKeyRoute, async (c) => {
        const admin = requireAdmin(c);
        const key = await createKey(serviceCtx(c), {
          ...c.req.valid('json'),
          createdBy: admin.keyId,
        });
        c.header('Location', `/v1/keys/${key.id}`);
        return c.json(key, 201);
      })
      .openapi(listKeysRoute, async (c) => {
        requireAdmin(c);
        const page = await listKeys(serviceCtx(c), c.req.valid('query'));
        const link = nextLink(c.req.url, page.nextCursor);
        if (link) c.header('Link', link);
        return c.json(page, 200);
      })
      // Before `/v1/keys/{keyId}`, which would otherwise read "current" as a key id.
      .openapi(currentKeyRoute, async (c) => {
        const principal = requireKey(c);
        return c.json(await getKey(serviceCtx(c), principal.keyId), 200);
      })
      .openapi(getKeyRoute, async (c) => {
        requireAdmin(c);
        return c.json(await getKey(serviceCtx(c), c.req.valid('param').keyId), 200);
      })
      .openapi(revokeKeyRoute, async (c) => {
        requireAdmin(c);
        const key = await revokeKey(serviceCtx(c), c.req.valid('param').keyId);
        return c.json(key, 200);
      })
  );
}
