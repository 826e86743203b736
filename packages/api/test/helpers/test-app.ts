import { createClient } from '@oneteamgov/sdk';
import type { Context } from 'hono';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import type { AppEnv } from '../../src/lib/context.js';
import type { RateLimits } from '../../src/rate-limit/limiter.js';
import { assertDeclaredStatus } from './openapi-guard.js';

export const TEST_ORIGIN = 'https://hub.test.example';

/**
 * The app in-process, and the SDK client wired to it: every route test goes
 * through the SDK, so it also checks the SDK's types and error handling.
 */
export function createTestApp(
  database: Database,
  options: {
    now?: () => Date;
    rateLimits?: RateLimits;
    /** Defaults to the `X-Test-Client` header, so tests can act as different addresses. */
    clientAddress?: (c: Context<AppEnv>) => string;
  } = {},
) {
  const app = createApp({
    db: database.db,
    logger: pino({ level: 'silent' }),
    publicUrl: TEST_ORIGIN,
    instanceName: 'Test hub',
    version: '0.0.0-test',
    ping: database.ping,
    changesLagMs: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    clientAddress: options.clientAddress ?? ((c) => c.req.header('x-test-client') ?? '192.0.2.1'),
  });
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await app.fetch(request.clone());
    assertDeclaredStatus(request, response);
    return response;
  };
  const client = createClient({ baseUrl: 'http://hub.test', fetch, maxRetries: 0 });
  /** The SDK client calling with an API key. */
  const clientWithKey = (apiKey: string) =>
    createClient({ baseUrl: 'http://hub.test', fetch, maxRetries: 0, apiKey });
  return { app, client, clientWithKey, fetch };
}
