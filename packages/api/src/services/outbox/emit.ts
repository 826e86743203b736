import type { DomainEventType } from '@oneteamgov/schema';
import { type SQL, sql } from 'drizzle-orm';
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

/** A message id such as `msg_3f9c0a1b2c3d4e5f`, as newId makes them: 64 random bits in hex. */
const MESSAGE_ID = sql.raw(`'msg_' || substr(md5(gen_random_uuid()::text), 1, 16)`);

/**
 * The outbox write as common table expressions, for any statement that can
 * name its messages: `messages` is a query of (type, chapter_id, data), data
 * being the resource as jsonb. It appends one outbox row per message, queues
 * one delivery per matching webhook subscription, and `notified` wakes the
 * delivery workers (NOTIFY is transactional, so at commit, never before). The
 * statement must select from `notified`, or PostgreSQL never runs it.
 */
export function outboxWrite(messages: SQL, timestamp: string): SQL {
  return sql`message as (
      insert into outbox (id, type, chapter_id, payload)
      select ${MESSAGE_ID}, m.type, m.chapter_id,
        jsonb_build_object('type', m.type, 'timestamp', ${timestamp}::text, 'data', m.data)
      from (${messages}) as m
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
    ), notified as (
      select pg_notify(${DELIVERY_CHANNEL}, '') from (select 1 from queued limit 1) as any_queued
    )`;
}

/**
 * Appends domain events to the outbox (see outboxWrite). It runs inside the
 * write's transaction, so events exist exactly when the change committed.
 */
export async function emit(w: WriteCtx, events: DomainEvent[]): Promise<void> {
  const timestamp = w.now().toISOString();
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = events
      .slice(i, i + BATCH)
      .map((e) => ({ type: e.type, chapter_id: e.chapterId, data: e.data }));
    const messages = sql`select r.type, r.chapter_id, r.data
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(type text, chapter_id text, data jsonb)`;
    await w.db.execute(sql`with ${outboxWrite(messages, timestamp)} select count(*) from notified`);
  }
}
