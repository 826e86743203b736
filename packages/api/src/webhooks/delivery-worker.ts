import { eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import {
  type OutboxPayload,
  outbox,
  type WebhookDeliveryRow,
  type WebhookRow,
  webhookAttempts,
  webhookDeliveries,
  webhooks,
} from '../db/schema/index.js';
import { newId } from '../lib/ids.js';
import { claimDue } from '../lifecycle/claim-due.js';
import { wakeableLoop } from '../lifecycle/wakeable-loop.js';
import { type ServiceCtx, systemCtx, type WriteCtx, withTransaction } from '../services/context.js';
import { DELIVERY_CHANNEL } from '../services/outbox/emit.js';
import { signatureHeader } from '../services/webhooks/secret.js';
import { webhookDeliveriesTotal } from '../telemetry/process-metrics.js';
import { type PostPolicy, type PostResult, postMessage } from './post-message.js';
import { MAX_ATTEMPTS, nextWaitMs } from './retry-schedule.js';

export interface DeliveryWorkerOptions {
  policy: PostPolicy;
  /** How often to look for due deliveries without being woken (retries come due this way). */
  pollMs: number;
  /** Deliveries claimed and sent at once. */
  batchSize?: number;
}

/** Failing this many times in a row, or for this long, disables an endpoint. */
const DISABLE_AFTER_FAILURES = 100;
const DISABLE_AFTER_MS = 5 * 86_400_000;

/**
 * Sends queued webhook deliveries. Any number of workers may run against one
 * PostgreSQL: each claims due rows with FOR UPDATE SKIP LOCKED and a lease, so
 * no two send the same delivery at once, and a delivery whose worker died is
 * claimed again when its lease runs out (at least once, never lost). Workers
 * wake on NOTIFY at commit, and poll as a safety net and for retries.
 */
export function createDeliveryWorker(
  database: Pick<Database, 'db' | 'listen'>,
  logger: Logger,
  options: DeliveryWorkerOptions,
) {
  const ctx: ServiceCtx = systemCtx(database.db, '');
  // Each batch costs a claim, two reads and a write besides its posts (sent at once). At 10
  // a batch, deliveries only just kept up with 8 publishers (bench:webhooks: send-to-receipt
  // p50 417-477 ms, p99 796-984 ms); at 50, p50 142-155 ms and p99 244-246 ms, publishing
  // as fast. A slow endpoint holds its batch for the 10 s timeout either way.
  const batchSize = options.batchSize ?? 50;

  return wakeableLoop({
    database,
    channel: DELIVERY_CHANNEL,
    pollMs: options.pollMs,
    logger,
    name: 'webhook delivery',
    batch: async (workerId) => {
      const claimed = await claimDue(ctx.db, webhookDeliveries, batchSize);
      const { hooks, payloads } = await loadBatch(ctx, claimed);
      const sent = await Promise.all(
        claimed.map((d) =>
          deliver(ctx, d, hooks.get(d.webhookId), payloads.get(d.messageSeq), options.policy),
        ),
      );
      await recordBatch(
        ctx,
        sent.filter((a): a is Attempt => a !== undefined),
      );
      logger.debug({ workerId, sent: sent.length }, 'webhook deliveries attempted');
      return claimed.length === batchSize;
    },
  });
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/** The endpoints and messages of a claimed batch, in two queries rather than two per delivery. */
async function loadBatch(ctx: ServiceCtx, claimed: WebhookDeliveryRow[]) {
  if (claimed.length === 0) return { hooks: new Map(), payloads: new Map() };
  const hookRows = await ctx.db
    .select()
    .from(webhooks)
    .where(inArray(webhooks.id, [...new Set(claimed.map((d) => d.webhookId))]));
  const messageRows = await ctx.db
    .select({ seq: outbox.seq, payload: outbox.payload })
    .from(outbox)
    .where(inArray(outbox.seq, [...new Set(claimed.map((d) => d.messageSeq))]));
  return {
    hooks: new Map<string, WebhookRow>(hookRows.map((h) => [h.id, h])),
    payloads: new Map<number, OutboxPayload>(messageRows.map((m) => [m.seq, m.payload])),
  };
}

/** One attempt's outcome, recorded with the rest of its batch. */
interface Attempt {
  hook: WebhookRow;
  delivery: WebhookDeliveryRow;
  result: PostResult;
  latencyMs: number;
}

async function deliver(
  ctx: ServiceCtx,
  delivery: WebhookDeliveryRow,
  hook: WebhookRow | undefined,
  payload: OutboxPayload | undefined,
  policy: PostPolicy,
): Promise<Attempt | undefined> {
  if (!hook || hook.deletedAt || hook.status === 'disabled') {
    await finish(ctx, delivery, {
      status: 'failed',
      lastError: 'the endpoint was deleted or disabled',
    });
    webhookDeliveriesTotal.inc({ outcome: 'failed' });
    return undefined;
  }
  if (!payload) {
    await finish(ctx, delivery, { status: 'failed', lastError: 'the message has expired' });
    webhookDeliveriesTotal.inc({ outcome: 'failed' });
    return undefined;
  }
  const body = JSON.stringify(payload);
  const now = new Date();
  const headers = {
    'webhook-id': delivery.messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signatureHeader(secretsOf(hook, now), delivery.messageId, now, body),
  };
  const started = performance.now();
  const result = await postMessage(hook.url, headers, body, policy);
  return { hook, delivery, result, latencyMs: Math.round(performance.now() - started) };
}

const succeeded = (a: Attempt) =>
  a.result.kind === 'answered' && a.result.status >= 200 && a.result.status < 300;

/**
 * Stores a batch's attempts and their consequences in one transaction: every
 * attempt row in one statement, every success in one more, and each failure
 * with its own retry schedule and its endpoint's health.
 */
async function recordBatch(ctx: ServiceCtx, attempts: Attempt[]): Promise<void> {
  if (attempts.length === 0) return;
  await withTransaction(ctx, async (w) => {
    await w.db.insert(webhookAttempts).values(
      attempts.map((attempt) => ({
        id: newId('wha'),
        deliveryId: attempt.delivery.id,
        status: attempt.result.kind === 'answered' ? attempt.result.status : null,
        latencyMs: attempt.latencyMs,
        error: succeeded(attempt) ? null : errorOf(attempt.result),
        responseBody: attempt.result.kind === 'answered' ? attempt.result.body : null,
      })),
    );
    const ok = attempts.filter(succeeded);
    if (ok.length > 0) {
      webhookDeliveriesTotal.inc({ outcome: 'succeeded' }, ok.length);
      // Receivers answer 200 or 204 almost always: one statement per status seen.
      const byStatus = new Map<number, Attempt[]>();
      for (const a of ok) {
        const status = (a.result as { status: number }).status;
        byStatus.set(status, [...(byStatus.get(status) ?? []), a]);
      }
      for (const [status, group] of byStatus) {
        await w.db
          .update(webhookDeliveries)
          .set({
            status: 'succeeded',
            lockedUntil: null,
            finishedAt: sql`now()`,
            lastError: null,
            lastStatus: status,
          })
          .where(
            inArray(
              webhookDeliveries.id,
              group.map((a) => a.delivery.id),
            ),
          );
      }
      const recovered = [
        ...new Set(ok.filter((a) => a.hook.consecutiveFailures > 0).map((a) => a.hook.id)),
      ];
      if (recovered.length > 0) {
        await w.db
          .update(webhooks)
          .set({ consecutiveFailures: 0, failingSince: null })
          .where(inArray(webhooks.id, recovered));
      }
    }
    for (const attempt of attempts.filter((a) => !succeeded(a))) await recordFailure(w, attempt);
  });
}

function errorOf(result: PostResult): string {
  return result.kind === 'failed' ? result.error : `the endpoint answered ${result.status}`;
}

function secretsOf(hook: WebhookRow, now: Date): string[] {
  const previous =
    hook.previousSecret && hook.previousSecretExpiresAt && hook.previousSecretExpiresAt > now
      ? [hook.previousSecret]
      : [];
  return [hook.secret, ...previous];
}

/** A failed attempt: schedule the next one (or give up) and count it against the endpoint. */
async function recordFailure(w: WriteCtx, { hook, delivery, result }: Attempt): Promise<void> {
  const status = result.kind === 'answered' ? result.status : null;
  const error = errorOf(result);
  const gone = status === 410;
  const wait = gone
    ? null
    : nextWaitMs(delivery.attempts, result.kind === 'answered' ? result.retryAfterMs : undefined);
  if (wait === null || delivery.attempts >= MAX_ATTEMPTS) {
    await finish(w, delivery, { status: 'failed', lastStatus: status, lastError: error });
    webhookDeliveriesTotal.inc({ outcome: 'failed' });
  } else {
    webhookDeliveriesTotal.inc({ outcome: 'retrying' });
    await w.db
      .update(webhookDeliveries)
      .set({
        nextAttemptAt: new Date(Date.now() + wait),
        lockedUntil: null,
        lastStatus: status,
        lastError: error,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
  }
  // Counted in the database, so failures of one endpoint in the same batch add up.
  const [counted] = await w.db
    .update(webhooks)
    .set({
      consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
      failingSince: sql`coalesce(${webhooks.failingSince}, now())`,
    })
    .where(eq(webhooks.id, hook.id))
    .returning({ failures: webhooks.consecutiveFailures, since: webhooks.failingSince });
  if (!counted) return;
  const reason = gone
    ? 'the endpoint answered 410 Gone'
    : counted.failures >= DISABLE_AFTER_FAILURES
      ? `${counted.failures} deliveries in a row failed`
      : Date.now() - (counted.since?.getTime() ?? Date.now()) >= DISABLE_AFTER_MS
        ? 'every delivery has failed for 5 days'
        : null;
  if (reason) {
    await w.db
      .update(webhooks)
      .set({ status: 'disabled', disabledReason: reason })
      .where(eq(webhooks.id, hook.id));
  }
}

async function finish(
  ctx: ServiceCtx,
  delivery: WebhookDeliveryRow,
  outcome: {
    status: 'succeeded' | 'failed';
    lastStatus?: number | null;
    lastError: string | null;
  },
): Promise<void> {
  await ctx.db
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      lockedUntil: null,
      finishedAt: sql`now()`,
      lastError: outcome.lastError,
      ...(outcome.lastStatus !== undefined ? { lastStatus: outcome.lastStatus } : {}),
    })
    .where(eq(webhookDeliveries.id, delivery.id));
}
