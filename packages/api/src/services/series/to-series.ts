import type { Series } from '@oneteamgov/schema';
import { and, asc, count, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, type SeriesRow } from '../../db/schema/index.js';
import { publiclyVisible } from '../events/publicly-visible.js';
import { eventOfTemplate } from './series-template.js';

const UPCOMING = 10;

/** Series row → public resource, with how many occurrences exist and the next few. */
export async function toSeries(db: Db, row: SeriesRow, now: Date): Promise<Series> {
  const live = and(eq(events.seriesId, row.id), publiclyVisible());
  const [[total], upcoming] = await Promise.all([
    db.select({ n: count() }).from(events).where(live),
    db
      .select({
        id: events.id,
        recurrenceId: events.recurrenceId,
        startsAt: events.startsAt,
        status: events.status,
      })
      .from(events)
      .where(and(live, gte(events.endsAt, now)))
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(UPCOMING),
  ]);
  const event = eventOfTemplate(row.template);
  return {
    id: row.id,
    chapterId: row.chapterId,
    rrule: row.rrule,
    startLocal: row.startLocal,
    timeZone: row.timeZone,
    durationMinutes: row.durationMinutes,
    exdates: row.exdates,
    rdates: row.rdates,
    event: {
      ...event,
      // As for events: a street address shared on request only stays private.
      venue:
        event.venue && event.venue.addressVisibility !== 'public'
          ? { ...event.venue, address: null }
          : event.venue,
    },
    occurrenceCount: total?.n ?? 0,
    upcoming: upcoming.map((o) => ({
      id: o.id,
      recurrenceId: o.recurrenceId ?? '',
      startsAt: o.startsAt.toISOString(),
      status: o.status,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
