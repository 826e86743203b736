import pino from 'pino';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { defaultFetchPolicy } from '../../src/sync/fetch/index.js';
import { createWorker } from '../../src/sync/worker.js';
import { assertDeclaredStatus } from './openapi-guard.js';
import { TEST_ORIGIN } from './test-app.js';

/**
 * The app wired to a real sync worker, as the server wires it, with fetching
 * allowed to the loopback feed server only. For routes that sync on demand.
 */
export function createAppWithWorker(database: Database) {
  const logger = pino({ level: 'silent' });
  const worker = createWorker(
    {
      db: database.db,
      logger,
      selfOrigin: TEST_ORIGIN,
      now: () => new Date(),
      fetchPolicy: defaultFetchPolicy({
        allowList: ['127.0.0.1'],
        userAgent: 'test',
        headerTimeoutMs: 1000,
        totalTimeoutMs: 3000,
        maxBytes: 200_000,
      }),
      parseBudget: { timeoutMs: 15_000, maxHeapMb: 128 },
    },
    { pollMs: 60_000, leaseMs: 60_000 },
  );
  const app = createApp({
    db: database.db,
    logger,
    publicUrl: TEST_ORIGIN,
    instanceName: 'Test hub',
    version: '0.0.0-test',
    ping: database.ping,
    changesLagMs: 0,
    syncNow: worker.syncNow,
  });
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await app.fetch(request.clone());
    assertDeclaredStatus(request, response);
    return response;
  };
  return { app, fetch, worker };
}
