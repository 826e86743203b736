import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { createRouter } from '../lib/create-router.js';
import { mcpRouter } from '../mcp/http-endpoint.js';
import { auditRouter } from './audit/audit.index.js';
import { calendarsRouter } from './calendars/calendars.index.js';
import { chapterAdminRouter } from './chapter-admin/chapter-admin.index.js';
import { chaptersRouter } from './chapters/chapters.index.js';
import { embedRouter } from './embed/embed.index.js';
import { eventPageRouter } from './event-page/event-page.index.js';
import { eventWritesRouter } from './event-writes/event-writes.index.js';
import { eventsRouter } from './events/events.index.js';
import { federationRouter } from './federation/federation.index.js';
import { keysRouter } from './keys/keys.index.js';
import { membersRouter } from './members/members.index.js';
import { membershipRouter } from './membership/membership.index.js';
import { metaRouter } from './meta/meta.index.js';
import { moderationRouter } from './moderation/moderation.index.js';
import { principlesRouter } from './principles/principles.index.js';
import { seriesRouter } from './series/series.index.js';
import { sourceAdminRouter } from './source-admin/source-admin.index.js';
import { sourcesRouter } from './sources/sources.index.js';
import { webhooksRouter } from './webhooks/webhooks.index.js';

/** All API routes, with no dependencies bound: used by createApp and the OpenAPI export. */
export function buildRoutes(): OpenAPIHono<AppEnv> {
  // Calendar paths first: `/v1/events.ics` must not be read as an event id.
  return createRouter()
    .route('/', calendarsRouter())
    .route('/', chaptersRouter())
    .route('/', eventsRouter())
    .route('/', principlesRouter())
    .route('/', federationRouter())
    .route('/', sourcesRouter())
    .route('/', keysRouter())
    .route('/', auditRouter())
    .route('/', chapterAdminRouter())
    .route('/', sourceAdminRouter())
    .route('/', eventWritesRouter())
    .route('/', moderationRouter())
    .route('/', seriesRouter())
    .route('/', membersRouter())
    .route('/', membershipRouter())
    .route('/', webhooksRouter())
    .route('/', metaRouter())
    .route('/', embedRouter())
    .route('/', eventPageRouter())
    .route('/', mcpRouter());
}
