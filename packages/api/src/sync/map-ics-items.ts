import { createHash } from 'node:crypto';
import {
  type Event,
  Event as EventSchema,
  LanguageTag,
  LIMITS,
  MAX_EVENT_DAYS,
} from '@oneteamgov/schema';
import type { ChapterRow, NewEventRow } from '../db/schema/index.js';
import { prepareEventRow } from '../services/events/event-row.js';
import { asStoredRecord } from '../services/events/stored-record.js';
import { toEvent } from '../services/events/to-event.js';
import type { Rejection } from './counts.js';
import type { IcsItem } from './ics/index.js';
import { attendanceModeOf, tagsOf, venueOf } from './ics-event-fields.js';

const isLanguageTag = (tag: string) => LanguageTag.safeParse(tag).success;

/** Stable id for an imported occurrence: the natural key (source, UID, recurrence id), hashed. */
export function importedEventId(
  sourceId: string,
  uid: string,
  recurrenceId: string | null,
): string {
  const digest = createHash('sha256')
    .update(`${sourceId}\n${uid}\n${recurrenceId ?? ''}`)
    .digest('hex');
  return `${sourceId.slice(0, 60)}-${digest.slice(0, 24)}`;
}

/** A mapped row and the event it shows (null when the live event has this content already). */
export interface MappedRow {
  row: NewEventRow;
  event: Event | null;
}

/**
 * Calendar items → event rows for one source (run in the parse worker, see
 * stage-ics-items.ts). Each row is checked against the public Event schema
 * exactly as it would be served; one that fails is rejected alone with its
 * reason. A row whose content hash equals that of the live event it would
 * replace (`known`: id → content hash) is not checked again: it passed when it
 * was written and will not be rewritten, and the check was most of the cost
 * of re-syncing an unchanged feed.
 */
export function mapIcsItems(
  items: IcsItem[],
  source: { id: string },
  chapter: Pick<ChapterRow, 'id' | 'country' | 'timeZone'>,
  origin: string,
  known?: ReadonlyMap<string, string>,
): { rows: MappedRow[]; rejections: Rejection[]; rejectedUids: string[] } {
  const rows: MappedRow[] = [];
  const rejections: Rejection[] = [];
  const rejectedUids: string[] = [];
  const now = new Date();
  for (const item of items) {
    // Listings look back at most MAX_EVENT_DAYS for events under way: longer ones could not be found.
    if (item.endsAt.getTime() - item.startsAt.getTime() > MAX_EVENT_DAYS * 86_400_000) {
      rejectedUids.push(item.upstreamUid);
      rejections.push({
        item: item.upstreamUid.slice(0, 200),
        reason: `an event may last at most ${MAX_EVENT_DAYS} days`,
      });
      continue;
    }
    const row = prepareEventRow(
      {
        id: importedEventId(source.id, item.upstreamUid, item.recurrenceId),
        chapterId: chapter.id,
        title: item.title,
        description: item.description,
        startsAt: item.startsAt,
        endsAt: item.endsAt,
        timeZone: item.timeZone,
        allDay: item.allDay,
        status: item.status,
        inLanguage: item.languages.filter(isLanguageTag).slice(0, LIMITS.languages),
        attendanceMode: attendanceModeOf(item),
        venue: venueOf(item),
        onlineUrl: item.onlineUrl,
        // The upstream event page (Meetup, Eventbrite, a chapter site): where people sign up.
        registrationUrl: item.url,
        tags: tagsOf(item.categories),
        sourceKind: 'ics',
        sourceId: source.id,
        upstreamUid: item.upstreamUid,
        recurrenceId: item.recurrenceId,
        originInstance: origin,
        lastSeenAt: now,
      },
      chapter,
    );
    if (known !== undefined && known.get(row.id!) === row.contentHash) {
      rows.push({ row, event: null });
      continue;
    }
    const event = toEvent(asStoredRecord(row, now));
    const check = EventSchema.safeParse(event);
    if (check.success) rows.push({ row, event });
    else {
      rejectedUids.push(item.upstreamUid);
      rejections.push({
        item: item.upstreamUid.slice(0, 200),
        reason: check.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      });
    }
  }
  return { rows, rejections, rejectedUids };
}
