import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from '../../db/client.js';
import { type ActivitypubDeliveryRow, activitypubDeliveries } from '../../db/schema/index.js';
import { claimDue } from '../../lifecycle/claim-due.js';
import { wakeableLoop } from '../../lifecycle/wakeable-loop.js';
import type { PostPolicy, PostResult } from '../../webhooks/post-message.js';
import { MAX_ATTEMPTS, nextWaitMs } from '../../webhooks/retry-schedule.js';
import { createHubFederation } from '../federation.js';
import { AP_DELIVERY_CHANNEL } from './enqueue.js';
import { fanOut } from './fan-out.js';
import { sendActivity } from './send-activity.js';

export interface ActivityPubWorkerOptions {
  origin: string;
  version: string;
  policy: PostPolicy;
  /** How often to look for new outbox messages and due retries without being woken. */
  pollMs: number;
  /** The outbox hold-back (CHANGES_LAG_MS). */
  lagMs: number;
  batchSize?: number;
}

/** Finished deliveries are kept this long, for operators looking into a failure. */
const RETENTION = sql`interval '30 days'`;

/**
 * Publishes chapters' events to their followers. Each pass fans new outbox
 * messages out into deliveries, then sends what is due. Deliveries are claimed
 * with FOR UPDATE SKIP LOCKED and a lease, as webhook deliveries are, so any
 * number of workers share them, one that dies loses its claim when the lease
 * runs out, and failures are retried on the webhook schedule (about three days)
 * before they are given up. Workers wake on NOTIFY when a Follow queues an
 * Accept, and poll for outbox messages and retries.
 */
export function createActivityPubWorker(
  database: Pick<Database, 'db' | 'listen'>,
  logger: Logger,
  options: ActivityPubWorkerOptions,
) {
  const { db } = database;
  const federation = createHubFederation({
    db,
    logger,
    origin: options.origin,
    version: options.version,
    allowList: options.policy.allowList,
  });
  const ctx = federation.createContext(new URL(options.origin), { origin: options.origin });
  const batchSize = options.batchSize ?? 10;
  let lastPurge = 0;

  return wakeableLoop({
    database,
    channel: AP_DELIVERY_CHANNEL,
    pollMs: options.pollMs,
    logger,
    name: 'activitypub',
    batch: async (workerId) => {
      const read = await fanOut(db, { origin: options.origin, lagMs: options.lagMs });
      const claimed = await claimDue(db, activitypubDeliveries, batchSize);
      await Promise.all(
        claimed.map(async (d) => record(db, d, await sendActivity(ctx, d, options.policy))),
      );
      if (claimed.length > 0 || read > 0) {
        logger.debug({ workerId, read, sent: claimed.length }, 'activitypub pass');
      }
      return claimed.length === batchSize || read >= 200;
    },
    afterPass: async () => {
      if (Date.now() - lastPurge <= 3_600_000) return;
      lastPurge = Date.now();
      await db
        .delete(activitypubDeliveries)
        .where(
          and(
            ne(activitypubDeliveries.status, 'pending'),
            lt(activitypubDeliveries.finishedAt, sql`now() - ${RETENTION}`),
          ),
        );
    },
  });
}

export type ActivityPubWorker = ReturnType<typeof createActivityPubWorker>;

/** 2xx is delivered; 410 Gone and the last attempt give up; anything else waits and retries. */
async function record(db: Db, delivery: ActivitypubDeliveryRow, result: PostResult) {
  const status = result.kind === 'answered' ? result.status : null;
  if (status !== null && status >= 200 && status < 300) {
    await db
      .update(activitypubDeliveries)
      .set({
        status: 'succeeded',
        lockedUntil: null,
        lastStatus: status,
        lastError: null,
        finishedAt: sql`now()`,
      })
      .where(eq(activitypubDeliveries.id, delivery.id));
    return;
  }
  const error = result.kind === 'failed' ? result.error : `the inbox answered ${result.status}`;
  const wait =
    status === 410
      ? null
      : nextWaitMs(delivery.attempts, result.kind === 'answered' ? result.retryAfterMs : undefined);
  if (wait === null || delivery.attempts >= MAX_ATTEMPTS) {
    await db
      .update(activitypubDeliveries)
      .set({
        status: 'failed',
        lockedUntil: null,
        lastStatus: status,
        lastError: error,
        finishedAt: sql`now()`,
      })
      .where(eq(activitypubDeliveries.id, delivery.id));
    return;
  }
  await db
    .update(activitypubDeliveries)
    .set({
      nextAttemptAt: new Date(Date.now() + wait),
      lockedUntil: null,
      lastStatus: status,
      lastError: error,
    })
    .where(eq(activitypubDeliveries.id, delivery.id));
}
