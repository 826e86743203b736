import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, type NewEventRow } from '../../db/schema/index.js';

/**
 * Inserts or updates prepared rows in one statement. An unchanged row (same
 * content hash, not deleted) is left alone: re-running writes zero rows. A
 * changed row bumps `sequence`, as iCalendar clients expect.
 */
export async function upsertEventRows(db: Db, rows: NewEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await db
    .insert(events)
    .values(rows)
    .onConflictDoUpdate({
      target: events.id,
      set: {
        title: sql`excluded.title`,
        summary: sql`excluded.summary`,
        description: sql`excluded.description`,
        inLanguage: sql`excluded.in_language`,
        startsAt: sql`excluded.starts_at`,
        endsAt: sql`excluded.ends_at`,
        timeZone: sql`excluded.time_zone`,
        allDay: sql`excluded.all_day`,
        status: sql`excluded.status`,
        previousStartsAt: sql`excluded.previous_starts_at`,
        attendanceMode: sql`excluded.attendance_mode`,
        venue: sql`excluded.venue`,
        country: sql`excluded.country`,
        lat: sql`excluded.lat`,
        lng: sql`excluded.lng`,
        onlineUrl: sql`excluded.online_url`,
        registrationUrl: sql`excluded.registration_url`,
        capacity: sql`excluded.capacity`,
        tags: sql`excluded.tags`,
        principles: sql`excluded.principles`,
        accessibility: sql`excluded.accessibility`,
        contentHash: sql`excluded.content_hash`,
        searchText: sql`excluded.search_text`,
        sequence: sql`${events.sequence} + 1`,
        updatedAt: sql`now()`,
        deletedAt: sql`null`,
      },
      setWhere: sql`${events.contentHash} is distinct from excluded.content_hash or ${events.deletedAt} is not null`,
    })
    .returning({ id: events.id });
  return written.length;
}
