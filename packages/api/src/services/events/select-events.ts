import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { eventSeries, events } from '../../db/schema/index.js';

const {
  searchText: _s,
  searchVector: _v,
  contentHash: _h,
  // The publisher's own id is for their PUTs, not part of the public Event.
  externalId: _e,
  ...publicColumns
} = getTableColumns(events);

/** SELECT of everything an Event response needs, with the series rule joined in. */
export function selectEvents<Extra extends Record<string, SQL.Aliased | SQL>>(
  db: Db,
  extra?: Extra,
) {
  return db
    .select({ ...publicColumns, seriesRrule: eventSeries.rrule, ...(extra as Extra) })
    .from(events)
    .leftJoin(eventSeries, eq(eventSeries.id, events.seriesId));
}

/** Events whose accessibility features include every one of `features` (jsonb containment). */
export function offersEvery(features: readonly string[]): SQL {
  return sql`${events.accessibility} @> ${JSON.stringify({ features })}::jsonb`;
}
