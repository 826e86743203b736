import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { micros } from '../../db/micros.js';
import { webhookAttempts, webhookDeliveries } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { type ServiceCtx, withTransaction } from '../context.js';
import { DomainError } from '../errors.js';
import { DELIVERY_CHANNEL } from '../outbox/emit.js';
import { getWebhookRow, type WebhookScope } from './manage-webhooks.js';
import { toDelivery } from './to-webhook.js';

/** Deliveries to one endpoint, newest first, each with its attempts. */
export async function listDeliveries(
  ctx: ServiceCtx,
  {
    webhookId,
    scope,
    limit,
    cursor,
  }: { webhookId: string; scope: WebhookScope; limit: number; cursor?: string | undefined },
) {
  await getWebhookRow(ctx, { webhookId, scope });
  const after = cursor ? decodeCursor('deliveries', cursor, 2) : undefined;
  const rows = await ctx.db
    .select({ row: webhookDeliveries, at: micros(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        after
          ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${after[0]}::timestamptz, ${after[1]})`
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const attempts = page.length
    ? await ctx.db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            page.map((p) => p.row.id),
          ),
        )
        .orderBy(asc(webhookAttempts.at))
    : [];
  const last = page.at(-1);
  return {
    data: page.map((p) =>
      toDelivery(
        p.row,
        attempts.filter((a) => a.deliveryId === p.row.id),
      ),
    ),
    nextCursor:
      rows.length > limit && last ? encodeCursor('deliveries', [last.at, last.row.id]) : null,
  };
}

/** Sends a `webhook.test` message to the endpoint now, signed like any other. */
export async function sendTestDelivery(
  ctx: ServiceCtx,
  { webhookId, scope }: { webhookId: string; scope: WebhookScope },
) {
  const hook = await getWebhookRow(ctx, { webhookId, scope });
  return withTransaction(ctx, async (w) => {
    const messageId = newId('msg');
    const payload = {
      type: 'webhook.test',
      timestamp: w.now().toISOString(),
      data: {},
    };
    const deliveryId = newId('whd');
    // A test message is for this endpoint alone: it is queued directly, not fanned out.
    await w.db.execute(sql`
      with message as (
        insert into outbox (id, type, chapter_id, payload)
        values (${messageId}, 'webhook.test', null, ${JSON.stringify(payload)}::jsonb)
        returning seq, id
      )
      insert into webhook_deliveries (id, webhook_id, message_seq, message_id, type)
      select ${deliveryId}, ${hook.id}, seq, id, 'webhook.test' from message`);
    await w.db.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, '')`);
    await recordAudit(w, {
      action: 'webhook.test',
      targetType: 'webhook',
      targetId: hook.id,
      chapterId: null,
    });
    const [row] = await w.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId));
    return toDelivery(row!, []);
  });
}

/** Sends a delivery again now, whatever became of it (the same webhook-id, so receivers dedupe). */
export async function retryDelivery(
  ctx: ServiceCtx,
  { webhookId, deliveryId, scope }: { webhookId: string; deliveryId: string; scope: WebhookScope },
) {
  const hook = await getWebhookRow(ctx, { webhookId, scope });
  if (hook.status === 'disabled') {
    throw new DomainError(
      'conflict',
      'The endpoint is disabled; enable it (PATCH status "enabled") before retrying',
    );
  }
  return withTransaction(ctx, async (w) => {
    const [row] = await w.db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: sql`now()`, lockedUntil: null, finishedAt: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)))
      .returning();
    if (!row) throw new DomainError('not_found', `No delivery with id "${deliveryId}"`);
    await w.db.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, '')`);
    await recordAudit(w, {
      action: 'webhook.retry',
      targetType: 'webhook',
      targetId: hook.id,
      chapterId: null,
    });
    const attempts = await w.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId))
      .orderBy(asc(webhookAttempts.at));
    return toDelivery(row, attempts);
  });
}
