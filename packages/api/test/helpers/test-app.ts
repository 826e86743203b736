import { createClient } from '@oneteamgov/sdk';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { assertDeclaredStatus } from './openapi-guard.js';

export const TEST_ORIGIN = 'https://hub.test.example';

/**
 * The app in-process, and the SDK client wired to it: every route test goes
 * through the SDK, so it also checks the SDK's types and error handling.
 */
export function createTestApp(database: Database, options: { now?: () => Date } = {}) {
  const app = createApp({
    db: database.db,
    logger: pino({ level: 'silent' }),
    publicUrl: TEST_ORIGIN,
    instanceName: 'Test hub',
    version: '0.0.0-test',
    ping: database.ping,
    changesLagMs: 0,
    ...(options.now ? { now: options.now } : {}),
  });
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await app.fetch(request.clone());
    assertDeclaredStatus(request, response);
    return response;
  };
  const client = createClient({ baseUrl: 'http://hub.test', fetch, maxRetries: 0 });
  return { app, client, fetch };
}
