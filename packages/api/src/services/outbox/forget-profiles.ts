import type { MembershipSummary } from '@oneteamgov/schema';
import { sql } from 'drizzle-orm';
import { textArray } from '../../db/text-array.js';
import type { WriteCtx } from '../context.js';

/**
 * Someone who withdraws consent, leaves or is erased must not live on in the
 * outbox: earlier membership announcements of the chapter that still show a
 * public profile absent from `current` are rewritten with the current figures,
 * so queued or retried deliveries, and anything reading the outbox later, no
 * longer name them. Called wherever new aggregates are announced.
 */
export async function forgetDepartedProfiles(
  w: WriteCtx,
  chapterId: string,
  current: MembershipSummary,
): Promise<void> {
  const stillPublic = current.publicProfiles.map((p) => p.id);
  await w.db.execute(sql`
    update outbox
    set payload = jsonb_set(payload, '{data,summary}', ${JSON.stringify(current)}::jsonb)
    where type = 'membership.updated'
      and chapter_id = ${chapterId}
      and exists (
        select 1
        from jsonb_array_elements(coalesce(payload #> '{data,summary,publicProfiles}', '[]'::jsonb)) as profile
        where not (profile ->> 'id' = any(${textArray(stillPublic)})))`);
}
