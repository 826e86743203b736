import type { OpenAPIHono, RouteConfig, z } from '@hono/zod-openapi';
import { PROBE_PATHS } from './probe-paths.js';

/** Header declarations are bounded like every other string the API publishes. */
const text = (description: string, maxLength: number) => ({
  description,
  schema: { type: 'string' as const, maxLength },
});
const count = (description: string) => ({
  description,
  schema: { type: 'integer' as const, format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});

/**
 * Every response header the API declares, published once under
 * `components/headers` and referenced from each response.
 */
const HEADER_COMPONENTS = {
  ETag: text('Entity tag; send back as If-None-Match', 100),
  'Cache-Control': text('Caching policy', 100),
  'X-Request-Id': text(
    'Request id (yours when you sent a valid one), also in problem bodies and logs',
    255,
  ),
  Link: text('RFC 8288 link to the next page (rel="next")', 4_000),
  Location: text('URL of the new resource', 4_000),
  'Content-Disposition': text('Suggested file name for saving the document', 300),
  'Access-Control-Allow-Origin': {
    description: 'Any origin may read the answer (CORS without credentials)',
    schema: { type: 'string' as const, enum: ['*'] },
  },
  'RateLimit-Limit': count('Requests allowed in the current window'),
  'RateLimit-Remaining': count('Requests left in the current window'),
  'RateLimit-Reset': count('Seconds until the window resets'),
  'RateLimit-Policy': text('The quota as `limit;w=window-seconds`', 100),
  'Retry-After': count('Seconds to wait before trying again'),
};
type HeaderName = keyof typeof HEADER_COMPONENTS;

const ref = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

export const HEADERS = {
  etag: ref('ETag'),
  cacheControl: ref('Cache-Control'),
  link: ref('Link'),
  location: ref('Location'),
  contentDisposition: ref('Content-Disposition'),
};

/** Publishes the header components every router's responses refer to. */
export function registerHeaderComponents(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) {
    registry.registerComponent('headers', name, header);
  }
}

/** A 200 JSON response with the caching headers every public GET carries. */
export function okJson<T extends z.ZodType>(schema: T, description: string, paginated = false) {
  return {
    description,
    headers: {
      ETag: HEADERS.etag,
      'Cache-Control': HEADERS.cacheControl,
      ...(paginated ? { Link: HEADERS.link } : {}),
    },
    content: { 'application/json': { schema } },
  };
}

export const notModified = {
  description: 'Not modified: the If-None-Match entity tag still matches',
  headers: { ETag: HEADERS.etag, 'Cache-Control': HEADERS.cacheControl },
};

/**
 * Headers the application-wide middleware puts on answers of every operation:
 * CORS, the request id and (outside the probes) the rate-limit budget.
 */
const CORS_AND_REQUEST_ID = {
  'Access-Control-Allow-Origin': ref('Access-Control-Allow-Origin'),
  'X-Request-Id': ref('X-Request-Id'),
};
const RATE_LIMIT = {
  'RateLimit-Limit': ref('RateLimit-Limit'),
  'RateLimit-Remaining': ref('RateLimit-Remaining'),
  'RateLimit-Reset': ref('RateLimit-Reset'),
  'RateLimit-Policy': ref('RateLimit-Policy'),
};
const RETRY_AFTER = { 'Retry-After': ref('Retry-After') };

type Responses = RouteConfig['responses'];

/**
 * Declares the application-wide headers on each response of an operation, so
 * the document says what every answer carries without each route repeating it.
 */
export function withEveryResponseHeaders(path: string, responses: Responses): Responses {
  const metered = !PROBE_PATHS.includes(path);
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if ('$ref' in response) return [status, response];
      const headers = {
        ...CORS_AND_REQUEST_ID,
        ...(metered ? RATE_LIMIT : {}),
        ...(status === '429' || status === '503' ? RETRY_AFTER : {}),
        ...(response.headers as Record<string, unknown> | undefined),
      };
      return [status, { ...response, headers }];
    }),
  ) as Responses;
}
