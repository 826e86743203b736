import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { activitypubDeliveries } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';

/** The channel ActivityPub delivery workers LISTEN on; notified when deliveries are queued. */
export const AP_DELIVERY_CHANNEL = 'otg_activitypub_deliveries';

export interface QueuedActivity {
  chapterId: string;
  inbox: string;
  activity: Record<string, unknown>;
}

/**
 * Queues activities for delivery in the caller's transaction, and wakes the
 * workers at commit (NOTIFY is transactional).
 */
export async function enqueueDeliveries(db: Db, queued: QueuedActivity[]): Promise<void> {
  if (queued.length === 0) return;
  await db.insert(activitypubDeliveries).values(
    queued.map((q) => ({
      id: newId('apd'),
      chapterId: q.chapterId,
      inbox: q.inbox,
      activity: q.activity,
    })),
  );
  await db.execute(sql`select pg_notify(${AP_DELIVERY_CHANNEL}, '')`);
}
