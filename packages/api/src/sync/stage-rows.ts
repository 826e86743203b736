import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/*
 * The staging table of iCalendar syncs (sync_staging): rows arrive batch by
 * batch from the parse worker and are written there outside the run's
 * transaction, so neither the process nor a held-open transaction carries the
 * whole snapshot. apply-snapshot.ts then applies them set-based.
 */

/** Writes one batch of staged rows (JSON text from stageIcsItems) for a run. */
export async function stageBatch(
  db: Db,
  run: { runId: string; sourceId: string },
  json: string,
): Promise<void> {
  await db.execute(sql`
    insert into sync_staging (run_id, source_id, id, ord, content_hash, upstream_uid, starts_at, row, event)
    select ${run.runId}, ${run.sourceId}, r.id, r.ord, r.hash, r.uid, r."startsAt", r.row, r.event
    from jsonb_to_recordset(${json}::jsonb)
      as r(id text, ord bigint, hash text, uid text, "startsAt" timestamptz, row jsonb, event jsonb)
    on conflict (run_id, id) do update set
      ord = excluded.ord, content_hash = excluded.content_hash, upstream_uid = excluded.upstream_uid,
      starts_at = excluded.starts_at, row = excluded.row, event = excluded.event`);
}

/** Deletes a run's staged rows (once it has ended, however it ended). */
export async function dropStaged(db: Db, runId: string): Promise<void> {
  await db.execute(sql`delete from sync_staging where run_id = ${runId}`);
}

/** Deletes what runs of this source that are no longer running left behind (a process died mid-run). */
export async function dropStaleStaging(db: Db, sourceId: string): Promise<void> {
  await db.execute(sql`
    delete from sync_staging
    where source_id = ${sourceId}
      and run_id not in (select id from sync_runs where source_id = ${sourceId} and outcome = 'running')`);
}
