import { createHash } from 'node:crypto';
import type { ChapterRow, NewEventRow } from '../../db/schema/index.js';
import { searchTextOf } from '../../lib/fold-text.js';

/** Fields that make an event materially different (and so bump its sequence). */
export const MATERIAL_FIELDS = [
  'title',
  'summary',
  'description',
  'inLanguage',
  'startsAt',
  'endsAt',
  'timeZone',
  'allDay',
  'status',
  'previousStartsAt',
  'attendanceMode',
  'venue',
  'onlineUrl',
  'registrationUrl',
  'capacity',
  'tags',
  'principles',
  'accessibility',
] as const satisfies readonly (keyof NewEventRow)[];

export function contentHashOf(row: NewEventRow): string {
  const material = MATERIAL_FIELDS.map((field) => {
    const value = row[field];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  });
  return createHash('sha256').update(JSON.stringify(material)).digest('base64url');
}

/**
 * Completes an event row before it is written: the folded search text, the
 * country and coordinates used by filters (from the venue, else the chapter)
 * and the content hash that makes rewrites of unchanged data no-ops.
 */
export function prepareEventRow(
  row: NewEventRow,
  chapter: { country?: ChapterRow['country'] | undefined },
): NewEventRow {
  const prepared: NewEventRow = {
    ...row,
    country: row.venue?.country ?? chapter.country ?? null,
    lat: row.venue?.lat ?? null,
    lng: row.venue?.lng ?? null,
    searchText: searchTextOf(row.title, row.summary, row.description, row.tags?.join(' ')),
  };
  prepared.contentHash = contentHashOf(prepared);
  return prepared;
}
