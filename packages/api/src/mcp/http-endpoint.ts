import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createRouter } from '../lib/create-router.js';
import { knownQueryOnly } from '../lib/known-query.js';
import { ApiError } from '../lib/problem.js';
import { serviceCtx } from '../lib/service-context.js';
import { createHubMcpServer } from './hub-mcp-server.js';

export const MCP_PATH = '/mcp';

/**
 * `POST /mcp`: the MCP tools over streamable HTTP, stateless (no sessions, no
 * server-sent stream to hold open): each request gets its own server and
 * transport and is answered with plain JSON. Anonymous and read-only, so it sits
 * behind the same authentication-optional and rate-limit middleware as the REST
 * API (each message is one request against the caller's budget). Like /docs it
 * is not an operation of the REST API's OpenAPI document.
 */
export function mcpRouter() {
  const router = createRouter();
  // It declares no query parameters, so it refuses any, like every other operation.
  router.post(MCP_PATH, knownQueryOnly(undefined), async (c) => {
    const deps = c.get('deps');
    const server = createHubMcpServer({
      ctx: () => serviceCtx(c),
      logger: deps.logger,
      instanceName: deps.instanceName,
      version: deps.version,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      // The answer is complete JSON (not a stream), so both can be closed once it is made.
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  // Without sessions there is no stream to open (GET) or session to end (DELETE).
  router.on(['GET', 'DELETE', 'PUT', 'PATCH'], MCP_PATH, (c) => {
    throw new ApiError(
      'method_not_allowed',
      `${c.req.method} is not allowed on ${MCP_PATH}; MCP clients POST their messages`,
      { headers: { Allow: 'OPTIONS, POST' } },
    );
  });
  return router;
}
