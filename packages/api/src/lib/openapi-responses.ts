import type { z } from '@hono/zod-openapi';

const etagHeader = {
  description: 'Entity tag; send back as If-None-Match',
  schema: { type: 'string' as const },
};
const cacheHeader = { description: 'Caching policy', schema: { type: 'string' as const } };
const requestIdHeader = {
  description: 'Request id, also in problem bodies and logs',
  schema: { type: 'string' as const },
};

/** A 200 JSON response with the caching headers every public GET carries. */
export function okJson<T extends z.ZodType>(schema: T, description: string, paginated = false) {
  return {
    description,
    headers: {
      ETag: etagHeader,
      'Cache-Control': cacheHeader,
      'X-Request-Id': requestIdHeader,
      ...(paginated
        ? {
            Link: {
              description: 'RFC 8288 link to the next page (rel="next")',
              schema: { type: 'string' as const },
            },
          }
        : {}),
    },
    content: { 'application/json': { schema } },
  };
}

export const notModified = {
  description: 'Not modified: the If-None-Match entity tag still matches',
  headers: { ETag: etagHeader, 'Cache-Control': cacheHeader, 'X-Request-Id': requestIdHeader },
};
