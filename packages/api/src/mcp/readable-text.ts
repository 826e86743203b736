import type { Chapter, Event } from '@oneteamgov/schema';
import { DateTime } from 'luxon';
import { pickLanguage } from '../services/feeds/index.js';

/**
 * Plain-text renderings of events and chapters for an assistant to read and
 * quote. Wall-clock times are the event's own (with its time zone named), as
 * the people going would read them; every event ends with its page.
 */

const ATTENDANCE: Record<Event['attendanceMode'], string> = {
  inPerson: 'in person',
  online: 'online',
  hybrid: 'in person and online',
};

function when(event: Event): string {
  const start = DateTime.fromISO(event.localStartsAt, { setZone: true });
  const end = DateTime.fromISO(event.localEndsAt, { setZone: true });
  if (event.allDay) {
    const lastDay = end.minus({ days: 1 });
    return lastDay.hasSame(start, 'day')
      ? start.toFormat('ccc d LLL yyyy')
      : `${start.toFormat('ccc d LLL yyyy')} – ${lastDay.toFormat('ccc d LLL yyyy')}`;
  }
  const endText = end.hasSame(start, 'day')
    ? end.toFormat('HH:mm')
    : end.toFormat('ccc d LLL yyyy, HH:mm');
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${endText} (${event.timeZone}, UTC${start.toFormat('ZZ')})`;
}

function where(event: Event): string {
  const venue = event.venue
    ? [event.venue.name, event.venue.locality, event.venue.country].filter(Boolean).join(', ')
    : null;
  return [ATTENDANCE[event.attendanceMode], venue].filter(Boolean).join(' · ');
}

/** A few lines per event: title, time, place, languages, status, page. */
export function eventText(event: Event & { pageUrl: string }, lang: string | null): string {
  const title = pickLanguage(event.title, lang) ?? event.id;
  const summary = pickLanguage(event.summary, lang);
  const lines = [
    `${title}${event.status === 'scheduled' ? '' : ` [${event.status}]`}`,
    `  When: ${when(event)}`,
    `  Where: ${where(event)}`,
    `  Chapter: ${event.chapterId}`,
  ];
  if (event.inLanguage.length > 0) lines.push(`  Held in: ${event.inLanguage.join(', ')}`);
  if (summary) lines.push(`  ${summary}`);
  if (event.registrationUrl) lines.push(`  Register: ${event.registrationUrl}`);
  lines.push(`  Page: ${event.pageUrl}`);
  return lines.join('\n');
}

export function eventListText(
  events: (Event & { pageUrl: string })[],
  nextCursor: string | null,
  lang: string | null,
): string {
  if (events.length === 0) return 'No events match these filters.';
  const head = `${events.length} event${events.length === 1 ? '' : 's'}:`;
  const more = nextCursor ? `\nMore events match: call again with cursor "${nextCursor}".` : '';
  return `${head}\n\n${events.map((e) => eventText(e, lang)).join('\n\n')}${more}`;
}

export function chapterText(chapter: Chapter): string {
  const name = pickLanguage(chapter.name, null) ?? chapter.id;
  const description = pickLanguage(chapter.description, null);
  const place = [chapter.locality, chapter.country].filter(Boolean).join(', ');
  const lines = [
    `${name} (id: ${chapter.id}; ${chapter.kind}${chapter.status === 'active' ? '' : `, ${chapter.status}`})`,
  ];
  if (place) lines.push(`  Where: ${place}`);
  if (chapter.parentId) lines.push(`  Part of: ${chapter.parentId}`);
  lines.push(`  Languages: ${chapter.languages.join(', ')}; time zone ${chapter.timeZone}`);
  if (description) lines.push(`  ${description}`);
  if (chapter.website) lines.push(`  Website: ${chapter.website}`);
  return lines.join('\n');
}

export function chapterListText(chapters: Chapter[], nextCursor: string | null): string {
  if (chapters.length === 0) return 'No chapters match these filters.';
  const more = nextCursor ? `\nMore chapters match: call again with cursor "${nextCursor}".` : '';
  return `${chapters.length} chapter${chapters.length === 1 ? '' : 's'}:\n\n${chapters.map(chapterText).join('\n\n')}${more}`;
}
