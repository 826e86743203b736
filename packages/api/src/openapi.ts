import { DOMAIN_EVENT_TYPES, WebhookPayload } from '@oneteamgov/schema';
import { buildRoutes } from './routes/index.js';
import { VERSION } from './version.js';

type Document = ReturnType<ReturnType<typeof buildRoutes>['getOpenAPI31Document']>;

let cached: Document | undefined;

/**
 * The OpenAPI 3.1 document, built once per process (generating it per request
 * leaks memory in zod-openapi) and identical to the committed openapi.json.
 */
export function openApiDocument(): Document {
  const routes = buildRoutes();
  routes.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`otg_…`) from an admin. Keys carry scopes bound to chapters; see `x-required-scope` on each operation.',
  });
  // What the hub sends to subscribed endpoints, as OpenAPI 3.1 `webhooks`, so
  // generated clients get the payload types too.
  for (const type of DOMAIN_EVENT_TYPES) {
    routes.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `webhook:${type}`,
      tags: ['Webhooks'],
      summary: `The \`${type}\` message`,
      description:
        'Sent with `webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature` (Standard Webhooks). Answer 2xx within 10 s; anything else is retried.',
      request: { body: { content: { 'application/json': { schema: WebhookPayload } } } },
      responses: { 200: { description: 'Received (any 2xx)' } },
    });
  }
  cached ??= routes.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'One Team Gov Hub API',
      version: VERSION,
      description:
        'A public, read-mostly API for One Team Gov chapters and their events.\n\n' +
        '* Lists are cursor-paginated (`{ data, nextCursor }` and a `Link: rel="next"` header).\n' +
        '* Errors are RFC 9457 `application/problem+json` with a stable `code`.\n' +
        '* Every GET has an `ETag`; send `If-None-Match` to get `304 Not Modified`.\n' +
        '* Times are RFC 3339; events carry UTC instants, an IANA `timeZone` and the local start with offset.\n' +
        '* Writes need an API key (`Authorization: Bearer otg_…`) with the scope named in `x-required-scope`, and accept `Idempotency-Key`.\n' +
        '* Every response carries `RateLimit-*` headers; past the limit the answer is 429 with `Retry-After`.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    tags: [
      { name: 'Events', description: 'Events held by chapters, including recurring series' },
      { name: 'Chapters', description: 'National, regional and local chapters' },
      { name: 'Principles', description: 'The seven One Team Gov principles' },
      {
        name: 'Federation',
        description: 'Change feed and instance descriptor for mirrors and peers',
      },
      {
        name: 'Members',
        description: 'Membership (personal data: organisers only) and public aggregates',
      },
      { name: 'Keys', description: 'API keys and their scopes (admin)' },
      { name: 'Audit', description: 'The append-only record of every write (admin)' },
      {
        name: 'Moderation',
        description: 'Held imports waiting for review, and hiding events from every public output',
      },
      {
        name: 'Webhooks',
        description: 'Signed notifications of changes, sent to endpoints you subscribe',
      },
      { name: 'Operations', description: 'Health and readiness probes' },
    ],
  });
  return cached;
}
