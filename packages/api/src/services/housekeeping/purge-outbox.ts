import { sql } from 'drizzle-orm';
import type { WriteCtx } from '../context.js';

const DAY_MS = 86_400_000;
/** Messages stay this long after their last delivery is settled (receivers' retries, audits of what was sent). */
export const OUTBOX_RETENTION_DAYS = 7;
/** Delivery history (attempts included) stays this long after it finished. */
export const DELIVERY_RETENTION_DAYS = 30;

/**
 * Drops finished deliveries past their retention, then outbox messages past
 * theirs that no delivery still needs. Pending deliveries are never touched.
 */
export async function purgeOutbox(w: WriteCtx): Promise<void> {
  const now = w.now().getTime();
  const deliveriesBefore = new Date(now - DELIVERY_RETENTION_DAYS * DAY_MS).toISOString();
  const messagesBefore = new Date(now - OUTBOX_RETENTION_DAYS * DAY_MS).toISOString();
  await w.db.execute(sql`
    delete from webhook_deliveries
    where status <> 'pending' and finished_at < ${deliveriesBefore}::timestamptz`);
  await w.db.execute(sql`
    delete from outbox o
    where o.created_at < ${messagesBefore}::timestamptz
      and not exists (
        select 1 from webhook_deliveries d where d.message_seq = o.seq and d.status = 'pending')
      and not exists (
        select 1 from webhook_deliveries d where d.message_seq = o.seq
          and d.finished_at >= ${deliveriesBefore}::timestamptz)`);
}
