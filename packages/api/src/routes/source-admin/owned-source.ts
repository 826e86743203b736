import type { Context } from 'hono';
import { requireDeclaredScope } from '../../auth/authorize.js';
import type { AppEnv } from '../../lib/context.js';
import { serviceCtx } from '../../lib/service-context.js';
import { getSourceOrThrow, sourceNotFound } from '../../services/sources/manage-sources.js';

/** The source, when the key may manage it; otherwise the very 404 of a source that does not exist. */
export async function ownedSource(c: Context<AppEnv>, sourceId: string) {
  const source = await getSourceOrThrow(serviceCtx(c), sourceId);
  requireDeclaredScope(c, source.chapterId, () => sourceNotFound(sourceId));
  return source;
}
