import type { DomainEventType } from '@oneteamgov/schema';
import { sql } from 'drizzle-orm';
import { newId } from '../../lib/ids.js';
import type { WriteCtx } from '../context.js';

/** The channel delivery workers LISTEN on; notified when a commit queued deliveries. */
export const DELIVERY_CHANNEL = 'otg_webhook_deliveries';

export interface DomainEvent {
  type: DomainEventType;
  /** The chapter it concerns: chapter-bound subscriptions are matched on it. */
  chapterId: string | null;
  /** The resource exactly as the API returns it (a tombstone for deletions). */
  data: unknown;
}

/** Statements stay well inside what one parameter should carry. */
const BATCH = 1000;

/**
 * Appends domain events to the outbox and, in the same statement, queues one
 * delivery per matching webhook subscription. It runs inside the write's
 * transaction, so events exist exactly when the change committed; NOTIFY is
 * itself transactional, so workers are woken at commit and never before.
 */
export async function emit(w: WriteCtx, events: DomainEvent[]): Promise<void> {
  const timestamp = w.now().toISOString();
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = events.slice(i, i + BATCH).map((e) => ({
      id: newId('msg'),
      type: e.type,
      chapter_id: e.chapterId,
      payload: { type: e.type, timestamp, data: e.data },
    }));
    await w.db.execute(sql`
      with message as (
        insert into outbox (id, type, chapter_id, payload)
        select id, type, chapter_id, payload
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(id text, type text, chapter_id text, payload jsonb)
        returning seq, id, type, chapter_id
      ), queued as (
        insert into webhook_deliveries (id, webhook_id, message_seq, message_id, type)
        select 'whd_' || substr(md5(message.id || hook.id), 1, 16), hook.id, message.seq, message.id, message.type
        from message
        join webhooks hook
          on hook.status = 'enabled'
         and hook.deleted_at is null
         and message.type = any(hook.event_types)
         and (hook.chapter_ids is null or message.chapter_id = any(hook.chapter_ids))
        returning 1
      )
      select pg_notify(${DELIVERY_CHANNEL}, '') from (select 1 from queued limit 1) as any_queued`);
  }
}
